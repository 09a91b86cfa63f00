// The few web-platform globals the pure core may use: present alike in browsers, workers and Node,
// and free of any page, storage or extension state. Only tsconfig.core.json reads this file (the
// other programs get the full declarations from the DOM or Node types).

declare class URL {
  constructor(url: string, base?: string | URL);
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
  static canParse(url: string, base?: string): boolean;
}

declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | [string, string][]);
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  append(name: string, value: string): void;
  delete(name: string): void;
  sort(): void;
  keys(): IterableIterator<string>;
  entries(): IterableIterator<[string, string]>;
  forEach(fn: (value: string, key: string) => void): void;
  toString(): string;
  readonly size: number;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
