/** Workspace files the scenarios send. */
export const appTs = `export function greet(name: string): string {
    const greeting = \`Hello, \${name}!\`;
    return greeting.toUpperCase();
}

export function farewell(name: string): string {
    return \`Goodbye, \${name}.\`;
}
`;

export const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% e2e test file\n'), Buffer.alloc(2048, 0x41), Buffer.from('\n%%EOF\n')]);

export const deployScript = '#!/bin/sh\necho "deploying"\n';
