export declare const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }>;
export declare const STRICT_TRANSPORT_SECURITY: string;
export declare function contentSecurityPolicy(nonce: string, options: { https: boolean; development: boolean }): string;
