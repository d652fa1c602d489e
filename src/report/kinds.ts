// The kinds of report live in the domain (the chat core names them too); re-exported for the report code.
export * from "../domain/report-kinds.js";
