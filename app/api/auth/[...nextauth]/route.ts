// Auth.js's own endpoints: session, csrf, sign-out and the credentials callback.
import { handlers } from "@/lib/auth/auth";

export const { GET, POST } = handlers;
