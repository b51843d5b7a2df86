export * from "./users";
export * from "./auth";
export * from "./bags";
export * from "./bills";
export * from "./audit";
export * from "./security";
export * from "./passes";
export * from "./customers";
