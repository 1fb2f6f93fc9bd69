// Generated from GET /api/admin/openapi.json by openapi-typescript. Do not edit:
// run `npx --yes pnpm@12.4.2 --filter @scim/web generate:api` after changing an admin API schema
// (web/test/api-schema.test.ts fails while this file and the API disagree).
export interface paths {
    "/api/admin/admins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    action?: string;
                    adminId?: string;
                    connectionId?: string;
                    cursor?: string;
                    from?: string;
                    limit?: number;
                    resourceId?: string;
                    resourceType?: string;
                    source?: "scim" | "admin" | "cli" | "system";
                    to?: string;
                    tokenId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                adminId: string | null;
                                connectionId: string | null;
                                /** @description field → { before, after }; secrets redacted */
                                diff: unknown;
                                id: string;
                                ip: string | null;
                                /** Format: date-time */
                                occurredAt: string;
                                requestId: string | null;
                                resourceId: string | null;
                                resourceType: string | null;
                                source: "scim" | "admin" | "cli" | "system";
                                tokenId: string | null;
                                userAgent: string | null;
                            }[];
                            /** @description pass as `cursor` for the next page; null on the last page */
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query: {
                    action?: string;
                    adminId?: string;
                    connectionId?: string;
                    format: "csv" | "ndjson";
                    from?: string;
                    resourceId?: string;
                    resourceType?: string;
                    source?: "scim" | "admin" | "cli" | "system";
                    to?: string;
                    tokenId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                        "text/csv": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                        "text/csv": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description CSV (RFC 4180, a header row) or NDJSON, one audit item per line, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/x-ndjson": string;
                        "text/csv": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/connections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            defaultRateLimitPerSecond: number;
                            items: {
                                activeTokens: number;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                kind: "okta" | "entra" | "onelogin" | "other";
                                managedGroups: number;
                                managedUsers: number;
                                name: string;
                                /** @description null = the process default; 0 = unlimited */
                                rateLimitPerSecond: number | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            /** @description what the IdP is given: PUBLIC_BASE_URL/scim/v2 */
                            scimBaseUrl: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind?: "okta" | "entra" | "onelogin" | "other";
                        name: string;
                        rateLimitPerSecond?: number | null;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeTokens: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            kind: "okta" | "entra" | "onelogin" | "other";
                            managedGroups: number;
                            managedUsers: number;
                            name: string;
                            /** @description null = the process default; 0 = unlimited */
                            rateLimitPerSecond: number | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/connections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeTokens: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            kind: "okta" | "entra" | "onelogin" | "other";
                            managedGroups: number;
                            managedUsers: number;
                            name: string;
                            /** @description null = the process default; 0 = unlimited */
                            rateLimitPerSecond: number | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        kind?: "okta" | "entra" | "onelogin" | "other";
                        name?: string;
                        rateLimitPerSecond?: number | null;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activeTokens: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            kind: "okta" | "entra" | "onelogin" | "other";
                            managedGroups: number;
                            managedUsers: number;
                            name: string;
                            /** @description null = the process default; 0 = unlimited */
                            rateLimitPerSecond: number | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/connections/{id}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description authenticated SCIM requests of the last day per HTTP status, ascending (400: a payload refused, 409: a uniqueness conflict, 429: the rate limit) */
                            byStatus: {
                                requests: number;
                                status: number;
                            }[];
                            errorsLast24h: number;
                            /** @description the hours of the last day that saw requests, oldest first */
                            hourly: {
                                errors: number;
                                /** Format: date-time */
                                hour: string;
                                requests: number;
                            }[];
                            lastError: {
                                /** Format: date-time */
                                at: string;
                                detail: string | null;
                                status: number | null;
                            } | null;
                            lastRequestAt: string | null;
                            lastUserAgent: string | null;
                            requestsLast24h: number;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/connections/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            activity: {
                                /** @description authenticated SCIM requests of the last day per HTTP status, ascending (400: a payload refused, 409: a uniqueness conflict, 429: the rate limit) */
                                byStatus: {
                                    requests: number;
                                    status: number;
                                }[];
                                errorsLast24h: number;
                                /** @description the hours of the last day that saw requests, oldest first */
                                hourly: {
                                    errors: number;
                                    /** Format: date-time */
                                    hour: string;
                                    requests: number;
                                }[];
                                lastError: {
                                    /** Format: date-time */
                                    at: string;
                                    detail: string | null;
                                    status: number | null;
                                } | null;
                                lastRequestAt: string | null;
                                lastUserAgent: string | null;
                                requestsLast24h: number;
                            };
                            connection: {
                                id: string;
                                kind: "okta" | "entra" | "onelogin" | "other";
                                name: string;
                            };
                            ok: boolean;
                            scimBaseUrl: string;
                            steps: ({
                                detail: string;
                                id: "reachable" | "discovery" | "token" | "probe" | "rate_limit";
                                status: "pass" | "fail" | "skip";
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/connections/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                connectionId: string;
                                connectionName: string;
                                /** Format: date-time */
                                createdAt: string;
                                expiresAt: string | null;
                                /** Format: uuid */
                                id: string;
                                lastUsedAt: string | null;
                                lastUsedIp: string | null;
                                lastUsedUserAgent: string | null;
                                name: string;
                                prefix: string;
                                revokedAt: string | null;
                                rotatedFromId: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        expiresInDays?: number;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            connectionId: string;
                            connectionName: string;
                            /** Format: date-time */
                            createdAt: string;
                            expiresAt: string | null;
                            /** Format: uuid */
                            id: string;
                            lastUsedAt: string | null;
                            lastUsedIp: string | null;
                            lastUsedUserAgent: string | null;
                            name: string;
                            prefix: string;
                            revokedAt: string | null;
                            rotatedFromId: string | null;
                            /** @description the plaintext token: in this response only, never again */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    connectionId?: string;
                    cursor?: string;
                    limit?: number;
                    q?: string;
                    source?: "local" | "scim";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                connection: {
                                    /** Format: uuid */
                                    id: string;
                                    kind: string;
                                    name: string;
                                } | null;
                                deletedAt: string | null;
                                displayName: string;
                                externalId?: string;
                                /** Format: uuid */
                                id: string;
                                managedByScim: boolean;
                                memberCount?: number;
                                meta: {
                                    /** Format: date-time */
                                    created: string;
                                    /** Format: date-time */
                                    lastModified: string;
                                    location: string;
                                    resourceType: string;
                                    version: string;
                                };
                                schemas: string[];
                                source: "local" | "scim";
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description pass as `cursor` for the next page; null on the last page */
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description the SCIM representation (RFC 7643 §4.2) without members, plus where the group comes from */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connection: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                name: string;
                            } | null;
                            deletedAt: string | null;
                            displayName: string;
                            externalId?: string;
                            /** Format: uuid */
                            id: string;
                            managedByScim: boolean;
                            memberCount?: number;
                            meta: {
                                /** Format: date-time */
                                created: string;
                                /** Format: date-time */
                                lastModified: string;
                                location: string;
                                resourceType: string;
                                version: string;
                            };
                            schemas: string[];
                            source: "local" | "scim";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description the SCIM representation (RFC 7643 §4.2) without members, plus where the group comes from */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connection: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                name: string;
                            } | null;
                            deletedAt: string | null;
                            displayName: string;
                            externalId?: string;
                            /** Format: uuid */
                            id: string;
                            managedByScim: boolean;
                            memberCount?: number;
                            meta: {
                                /** Format: date-time */
                                created: string;
                                /** Format: date-time */
                                lastModified: string;
                                location: string;
                                resourceType: string;
                                version: string;
                            };
                            schemas: string[];
                            source: "local" | "scim";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description the SCIM representation (RFC 7643 §4.2) without members, plus where the group comes from */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connection: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                name: string;
                            } | null;
                            deletedAt: string | null;
                            displayName: string;
                            externalId?: string;
                            /** Format: uuid */
                            id: string;
                            managedByScim: boolean;
                            memberCount?: number;
                            meta: {
                                /** Format: date-time */
                                created: string;
                                /** Format: date-time */
                                lastModified: string;
                                location: string;
                                resourceType: string;
                                version: string;
                            };
                            schemas: string[];
                            source: "local" | "scim";
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/groups/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                display?: string;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description pass as `cursor` for the next page; null on the last page */
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        add?: string[];
                        remove?: string[];
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            added: string[];
                            removed: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/outbox/consumers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            lagSeconds: number;
                            name: string;
                            oldestPendingAt: string | null;
                            pendingEvents: number;
                            position: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            admin: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                            };
                            /** Format: date-time */
                            expiresAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            admin: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                            };
                            /** Format: date-time */
                            expiresAt: string;
                        };
                    };
                };
            };
        };
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: uuid */
                                connectionId: string;
                                connectionName: string;
                                /** Format: date-time */
                                createdAt: string;
                                expiresAt: string | null;
                                /** Format: uuid */
                                id: string;
                                lastUsedAt: string | null;
                                lastUsedIp: string | null;
                                lastUsedUserAgent: string | null;
                                name: string;
                                prefix: string;
                                revokedAt: string | null;
                                rotatedFromId: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/tokens/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            connectionId: string;
                            connectionName: string;
                            /** Format: date-time */
                            createdAt: string;
                            expiresAt: string | null;
                            /** Format: uuid */
                            id: string;
                            lastUsedAt: string | null;
                            lastUsedIp: string | null;
                            lastUsedUserAgent: string | null;
                            name: string;
                            prefix: string;
                            revokedAt: string | null;
                            rotatedFromId: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/tokens/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        expiresInDays?: number;
                        overlapSeconds?: number;
                    } | null;
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            old: {
                                /** Format: uuid */
                                connectionId: string;
                                connectionName: string;
                                /** Format: date-time */
                                createdAt: string;
                                expiresAt: string | null;
                                /** Format: uuid */
                                id: string;
                                lastUsedAt: string | null;
                                lastUsedIp: string | null;
                                lastUsedUserAgent: string | null;
                                name: string;
                                prefix: string;
                                revokedAt: string | null;
                                rotatedFromId: string | null;
                            };
                            token: {
                                /** Format: uuid */
                                connectionId: string;
                                connectionName: string;
                                /** Format: date-time */
                                createdAt: string;
                                expiresAt: string | null;
                                /** Format: uuid */
                                id: string;
                                lastUsedAt: string | null;
                                lastUsedIp: string | null;
                                lastUsedUserAgent: string | null;
                                name: string;
                                prefix: string;
                                revokedAt: string | null;
                                rotatedFromId: string | null;
                                /** @description the plaintext token: in this response only, never again */
                                token: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    active?: boolean;
                    connectionId?: string;
                    cursor?: string;
                    limit?: number;
                    q?: string;
                    source?: "local" | "scim";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                active?: boolean;
                                connection: {
                                    /** Format: uuid */
                                    id: string;
                                    kind: string;
                                    name: string;
                                } | null;
                                deletedAt: string | null;
                                displayName?: string;
                                emails?: ({
                                    primary?: boolean;
                                    type?: string;
                                    value: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                externalId?: string;
                                groups?: ({
                                    display?: string;
                                    type?: string;
                                    value: string;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                hasPassword: boolean;
                                /** Format: uuid */
                                id: string;
                                managedByScim: boolean;
                                meta: {
                                    /** Format: date-time */
                                    created: string;
                                    /** Format: date-time */
                                    lastModified: string;
                                    location: string;
                                    resourceType: string;
                                    version: string;
                                };
                                name?: {
                                    familyName?: string;
                                    formatted?: string;
                                    givenName?: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                schemas: string[];
                                source: "local" | "scim";
                                userName: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description pass as `cursor` for the next page; null on the last page */
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        displayName?: string | null;
                        email?: string | null;
                        familyName?: string | null;
                        givenName?: string | null;
                        password?: string;
                        userName: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description the SCIM representation (RFC 7643 §4.1) plus where the user comes from */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active?: boolean;
                            connection: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                name: string;
                            } | null;
                            deletedAt: string | null;
                            displayName?: string;
                            emails?: ({
                                primary?: boolean;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            externalId?: string;
                            groups?: ({
                                display?: string;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            hasPassword: boolean;
                            /** Format: uuid */
                            id: string;
                            managedByScim: boolean;
                            meta: {
                                /** Format: date-time */
                                created: string;
                                /** Format: date-time */
                                lastModified: string;
                                location: string;
                                resourceType: string;
                                version: string;
                            };
                            name?: {
                                familyName?: string;
                                formatted?: string;
                                givenName?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            schemas: string[];
                            source: "local" | "scim";
                            userName: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description the SCIM representation (RFC 7643 §4.1) plus where the user comes from */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active?: boolean;
                            connection: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                name: string;
                            } | null;
                            deletedAt: string | null;
                            displayName?: string;
                            emails?: ({
                                primary?: boolean;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            externalId?: string;
                            groups?: ({
                                display?: string;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            hasPassword: boolean;
                            /** Format: uuid */
                            id: string;
                            managedByScim: boolean;
                            meta: {
                                /** Format: date-time */
                                created: string;
                                /** Format: date-time */
                                lastModified: string;
                                location: string;
                                resourceType: string;
                                version: string;
                            };
                            name?: {
                                familyName?: string;
                                formatted?: string;
                                givenName?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            schemas: string[];
                            source: "local" | "scim";
                            userName: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        displayName?: string | null;
                        email?: string | null;
                        familyName?: string | null;
                        givenName?: string | null;
                        userName?: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description the SCIM representation (RFC 7643 §4.1) plus where the user comes from */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            active?: boolean;
                            connection: {
                                /** Format: uuid */
                                id: string;
                                kind: string;
                                name: string;
                            } | null;
                            deletedAt: string | null;
                            displayName?: string;
                            emails?: ({
                                primary?: boolean;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            externalId?: string;
                            groups?: ({
                                display?: string;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            hasPassword: boolean;
                            /** Format: uuid */
                            id: string;
                            managedByScim: boolean;
                            meta: {
                                /** Format: date-time */
                                created: string;
                                /** Format: date-time */
                                lastModified: string;
                                location: string;
                                resourceType: string;
                                version: string;
                            };
                            name?: {
                                familyName?: string;
                                formatted?: string;
                                givenName?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            schemas: string[];
                            source: "local" | "scim";
                            userName: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/users/{id}/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: ({
                                display?: string;
                                type?: string;
                                value: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            /** @description pass as `cursor` for the next page; null on the last page */
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                connectionId: string | null;
                                connectionName: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                description: string;
                                disabledAt: string | null;
                                disabledReason: string | null;
                                enabled: boolean;
                                events: string[];
                                /** @description dead letters (replayable) */
                                failedDeliveries: number;
                                /** @description start of the current run of failed attempts */
                                failingSince: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks */
                                kind: "slack" | "hmac";
                                lastFailureAt: string | null;
                                lastSuccessAt: string | null;
                                /** @description a 429 Retry-After holds the endpoint until then */
                                pausedUntil: string | null;
                                pendingDeliveries: number;
                                /** @description hmac: the rotated-out secret still signs until then */
                                previousSecretExpiresAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description masked: Slack paths and query strings are hidden */
                                url: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description only events of this IdP connection; null = all */
                        connectionId?: string | null;
                        description?: string;
                        enabled?: boolean;
                        events?: string[];
                        /** @description slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks */
                        kind: "slack" | "hmac";
                        /** @description https URL (the Slack incoming-webhook URL for slack) */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description hmac only: the signing secret (whsec_…), shown this once */
                            secret?: string;
                            /** @description A webhook subscription (never its URL in full, never a secret) */
                            subscription: {
                                connectionId: string | null;
                                connectionName: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                description: string;
                                disabledAt: string | null;
                                disabledReason: string | null;
                                enabled: boolean;
                                events: string[];
                                /** @description dead letters (replayable) */
                                failedDeliveries: number;
                                /** @description start of the current run of failed attempts */
                                failingSince: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks */
                                kind: "slack" | "hmac";
                                lastFailureAt: string | null;
                                lastSuccessAt: string | null;
                                /** @description a 429 Retry-After holds the endpoint until then */
                                pausedUntil: string | null;
                                pendingDeliveries: number;
                                /** @description hmac: the rotated-out secret still signs until then */
                                previousSecretExpiresAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description masked: Slack paths and query strings are hidden */
                                url: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description A webhook subscription (never its URL in full, never a secret) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connectionId: string | null;
                            connectionName: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            enabled: boolean;
                            events: string[];
                            /** @description dead letters (replayable) */
                            failedDeliveries: number;
                            /** @description start of the current run of failed attempts */
                            failingSince: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks */
                            kind: "slack" | "hmac";
                            lastFailureAt: string | null;
                            lastSuccessAt: string | null;
                            /** @description a 429 Retry-After holds the endpoint until then */
                            pausedUntil: string | null;
                            pendingDeliveries: number;
                            /** @description hmac: the rotated-out secret still signs until then */
                            previousSecretExpiresAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description masked: Slack paths and query strings are hidden */
                            url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        connectionId?: string | null;
                        description?: string;
                        /** @description false disables; true re-enables and clears the failure history */
                        enabled?: boolean;
                        events?: string[];
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description A webhook subscription (never its URL in full, never a secret) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            connectionId: string | null;
                            connectionName: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            enabled: boolean;
                            events: string[];
                            /** @description dead letters (replayable) */
                            failedDeliveries: number;
                            /** @description start of the current run of failed attempts */
                            failingSince: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks */
                            kind: "slack" | "hmac";
                            lastFailureAt: string | null;
                            lastSuccessAt: string | null;
                            /** @description a 429 Retry-After holds the endpoint until then */
                            pausedUntil: string | null;
                            pendingDeliveries: number;
                            /** @description hmac: the rotated-out secret still signs until then */
                            previousSecretExpiresAt: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description masked: Slack paths and query strings are hidden */
                            url: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    /** @description open: a summary still collecting events; failed: a dead letter */
                    status?: "open" | "pending" | "delivering" | "succeeded" | "failed";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                closedAt: string | null;
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                eventCount: number;
                                /** @description the event type, provisioning.summary or webhook.test */
                                eventType: string;
                                firstEventAt: string | null;
                                /** Format: uuid */
                                id: string;
                                kind: "single" | "summary" | "test";
                                lastError: string | null;
                                lastEventAt: string | null;
                                lastStatusCode: number | null;
                                nextAttemptAt: string | null;
                                /** @description open: a summary still collecting events; failed: a dead letter */
                                status: "open" | "pending" | "delivering" | "succeeded" | "failed";
                                /** Format: uuid */
                                subscriptionId: string;
                                /** @description the webhook-id header: the same on every retry and replay */
                                webhookId: string;
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description optional: send the object, {} or no body */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description how long the old secret keeps signing too (default 24) */
                        overlapHours?: number;
                    } | null;
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the new signing secret (whsec_…), shown this once */
                            secret: string;
                            /** @description A webhook subscription (never its URL in full, never a secret) */
                            subscription: {
                                connectionId: string | null;
                                connectionName: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                description: string;
                                disabledAt: string | null;
                                disabledReason: string | null;
                                enabled: boolean;
                                events: string[];
                                /** @description dead letters (replayable) */
                                failedDeliveries: number;
                                /** @description start of the current run of failed attempts */
                                failingSince: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description slack: a Slack incoming-webhook URL; hmac: an HTTPS endpoint signed per Standard Webhooks */
                                kind: "slack" | "hmac";
                                lastFailureAt: string | null;
                                lastSuccessAt: string | null;
                                /** @description a 429 Retry-After holds the endpoint until then */
                                pausedUntil: string | null;
                                pendingDeliveries: number;
                                /** @description hmac: the rotated-out secret still signs until then */
                                previousSecretExpiresAt: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description masked: Slack paths and query strings are hidden */
                                url: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description optional: send the object, {} or no body */
            requestBody: {
                content: {
                    "application/json": Record<string, never> | null;
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivery: {
                                attemptLog: {
                                    attempt: number;
                                    durationMs: number | null;
                                    error: string | null;
                                    nextAttemptAt: string | null;
                                    /** @description null while in flight; abandoned: the dispatcher stopped mid-attempt (it is sent again) */
                                    outcome: "succeeded" | "retry" | "failed" | "disabled" | "abandoned" | null;
                                    responseBody: string | null;
                                    /** Format: date-time */
                                    startedAt: string;
                                    statusCode: number | null;
                                    trigger: "scheduled" | "manual" | "test";
                                }[];
                                attempts: number;
                                body: string | null;
                                closedAt: string | null;
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                eventCount: number;
                                eventIds: string[];
                                /** @description the event type, provisioning.summary or webhook.test */
                                eventType: string;
                                firstEventAt: string | null;
                                /** Format: uuid */
                                id: string;
                                kind: "single" | "summary" | "test";
                                lastError: string | null;
                                lastEventAt: string | null;
                                lastStatusCode: number | null;
                                nextAttemptAt: string | null;
                                /** @description open: a summary still collecting events; failed: a dead letter */
                                status: "open" | "pending" | "delivering" | "succeeded" | "failed";
                                /** Format: uuid */
                                subscriptionId: string;
                                /** @description the webhook-id header: the same on every retry and replay */
                                webhookId: string;
                            };
                            /** @description the receiver answered 2xx */
                            ok: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attemptLog: {
                                attempt: number;
                                durationMs: number | null;
                                error: string | null;
                                nextAttemptAt: string | null;
                                /** @description null while in flight; abandoned: the dispatcher stopped mid-attempt (it is sent again) */
                                outcome: "succeeded" | "retry" | "failed" | "disabled" | "abandoned" | null;
                                responseBody: string | null;
                                /** Format: date-time */
                                startedAt: string;
                                statusCode: number | null;
                                trigger: "scheduled" | "manual" | "test";
                            }[];
                            attempts: number;
                            body: string | null;
                            closedAt: string | null;
                            completedAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            eventCount: number;
                            eventIds: string[];
                            /** @description the event type, provisioning.summary or webhook.test */
                            eventType: string;
                            firstEventAt: string | null;
                            /** Format: uuid */
                            id: string;
                            kind: "single" | "summary" | "test";
                            lastError: string | null;
                            lastEventAt: string | null;
                            lastStatusCode: number | null;
                            nextAttemptAt: string | null;
                            /** @description open: a summary still collecting events; failed: a dead letter */
                            status: "open" | "pending" | "delivering" | "succeeded" | "failed";
                            /** Format: uuid */
                            subscriptionId: string;
                            /** @description the webhook-id header: the same on every retry and replay */
                            webhookId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/deliveries/{deliveryId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                };
                cookie?: never;
            };
            /** @description optional: send the object, {} or no body */
            requestBody: {
                content: {
                    "application/json": Record<string, never> | null;
                };
            };
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivery: {
                                attempts: number;
                                closedAt: string | null;
                                completedAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                eventCount: number;
                                /** @description the event type, provisioning.summary or webhook.test */
                                eventType: string;
                                firstEventAt: string | null;
                                /** Format: uuid */
                                id: string;
                                kind: "single" | "summary" | "test";
                                lastError: string | null;
                                lastEventAt: string | null;
                                lastStatusCode: number | null;
                                nextAttemptAt: string | null;
                                /** @description open: a summary still collecting events; failed: a dead letter */
                                status: "open" | "pending" | "delivering" | "succeeded" | "failed";
                                /** Format: uuid */
                                subscriptionId: string;
                                /** @description the webhook-id header: the same on every retry and replay */
                                webhookId: string;
                            };
                            note: string | null;
                            queued: boolean;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/webhooks/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description every admin API error */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description every admin API error */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description stable, machine-readable */
                            code: string;
                            message: string;
                            statusCode: number;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            eventTypes: string[];
                            examples: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
