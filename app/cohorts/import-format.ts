/** The participants CSV format, shared by the import page and the parser. */
export const CSV_HEADER = "name,email,organisation,constituent group,sex,country";
export const MAX_IMPORT_ROWS = 2000;
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
