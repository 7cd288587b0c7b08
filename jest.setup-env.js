// Loaded before every test file: decorators need reflect-metadata before any entity or type is declared.
require("reflect-metadata");
