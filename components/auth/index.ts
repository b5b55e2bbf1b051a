export { AccountMenu } from "./account-menu";
export { QuotaStatus } from "./quota-status";
export { SignInForm } from "./sign-in-form";
export { quotaKey, useQuota } from "./use-quota";
