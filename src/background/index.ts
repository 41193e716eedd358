// Background entry: wiring only (filled in by the tracking engine).
export {};
