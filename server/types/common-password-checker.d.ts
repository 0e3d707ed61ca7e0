declare module 'common-password-checker' {
  /** True when the password (case-insensitive) is in the package's list of ~15,000 common passwords. */
  export default function isCommonPassword(password: string): boolean;
}
