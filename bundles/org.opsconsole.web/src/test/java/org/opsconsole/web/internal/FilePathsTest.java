package org.opsconsole.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FilePathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"page.js", "js/page.js", "img/logo.svg"})
    void plainRelativePathsAreSafe(String path) {
        assertTrue(FilePaths.isSafeRelative(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x.js", "a/../../x.js", "a/./b.js", "a//b.js", "a\\b.js", "a/", "x\0.js"})
    void pathsThatCouldLeaveTheFolderAreNot(String path) {
        assertFalse(FilePaths.isSafeRelative(path));
    }

    @Test
    void slashesAreTrimmedFromBothEnds() {
        assertEquals("web/pages", FilePaths.trimSlashes("//web/pages/"));
    }
}
