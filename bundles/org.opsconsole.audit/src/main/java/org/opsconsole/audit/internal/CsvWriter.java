package org.opsconsole.audit.internal;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes CSV (RFC 4180) that spreadsheets open safely: a cell with a comma, quote or line break is quoted (quotes
 * doubled), rows end with CRLF, and a cell that a spreadsheet would take for a formula — one starting with
 * {@code = + - @}, a tab or a carriage return — gets a leading {@code '}, so that an attacker's
 * {@code =HYPERLINK(...)} in an audit record stays text (CSV injection).
 */
final class CsvWriter {

    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    /** Writes one row; a null cell is empty. */
    void row(String... cells) throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    /** One cell as it goes into the file. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String text = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
