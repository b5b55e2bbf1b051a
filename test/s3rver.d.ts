// The part of s3rver (an in-process S3-compatible server, dev dependency, no types of its own) test/s3-server.ts uses.
declare module "s3rver" {
  import type { AddressInfo } from "node:net";

  type S3rverOptions = {
    address?: string;
    port?: number;
    directory: string;
    silent?: boolean;
    resetOnClose?: boolean;
    configureBuckets?: { name: string }[];
  };

  export default class S3rver {
    constructor(options: S3rverOptions);
    /** The filesystem store behind the API (test/s3-server.ts repairs two of its methods). */
    readonly store: unknown;
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
