// The floors' start-up reference: import telegraf + drizzle + better-sqlite3 + docx, open a
// SQLite file (path in argv[2]), print "ready". Run under tsx by bench/startup.ts.
import { Telegraf } from "telegraf";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { Document } from "docx";

const sqlite = new Database(process.argv[2] ?? ":memory:");
sqlite.pragma("journal_mode = WAL");
const db = drizzle(sqlite);
void [Telegraf, Document, db];
console.log("ready");
sqlite.close();
