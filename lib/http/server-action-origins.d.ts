export declare function serverActionAllowedOrigins(env: Record<string, string | undefined>): string[];
