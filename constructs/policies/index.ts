export * from './policy';
export * from './standard-labels';
export * from './security-baseline';
export * from './resource-profile';
export * from './replica-cap';
export * from './ip-allowlist';
