// vitest setupFiles: installs the default ward's catalogue (templates/catalogue.yaml), as start-up
// does, so unit tests of pure code read the same forms and metrics as the bot.
import { resolve } from "node:path";
import { loadCatalogueFile } from "../../src/app/catalogue-file.js";
import { useCatalogue } from "../../src/domain/catalogue.js";

useCatalogue(loadCatalogueFile(resolve(import.meta.dirname, "../../templates/catalogue.yaml")));
