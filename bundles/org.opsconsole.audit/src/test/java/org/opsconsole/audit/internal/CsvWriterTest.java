package org.opsconsole.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void plainCellsStayAsTheyAre() {
        assertEquals("login", CsvWriter.cell("login"));
        assertEquals("审计员", CsvWriter.cell("审计员"));
        assertEquals("", CsvWriter.cell(""));
        assertEquals("", CsvWriter.cell(null));
        assertEquals("a=b", CsvWriter.cell("a=b"), "only a leading sign makes a formula");
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertEquals("\"a,b\"", CsvWriter.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.cell("say \"hi\""));
        assertEquals("\"line 1\nline 2\"", CsvWriter.cell("line 1\nline 2"));
        assertEquals("\"a\r\nb\"", CsvWriter.cell("a\r\nb"));
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasStayText() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", CsvWriter.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("'+1", CsvWriter.cell("+1"));
        assertEquals("'-2+3", CsvWriter.cell("-2+3"));
        assertEquals("'@SUM(A1)", CsvWriter.cell("@SUM(A1)"));
        assertEquals("'\tx", CsvWriter.cell("\tx"));
        assertEquals("\"'\rx\"", CsvWriter.cell("\rx"));
        assertEquals("\"'=1,2\"", CsvWriter.cell("=1,2"), "protected, then quoted");
    }

    @Test
    void rowsAreCommaSeparatedAndEndWithCrLf() throws Exception {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);

        csv.row("1", "a,b", "=cmd", null);
        csv.row("2");

        assertEquals("1,\"a,b\",'=cmd,\r\n2\r\n", out.toString());
    }
}
