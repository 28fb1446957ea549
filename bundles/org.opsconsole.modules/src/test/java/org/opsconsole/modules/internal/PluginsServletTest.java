package org.opsconsole.modules.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PluginsServletTest {

    @Test
    void theEnglishDescriptionComesFromTheFeaturesTextExtension() {
        assertEquals("Weekly reports of the collecting units", PluginsServlet.descriptionEn("""
                {"id": "g:a:1", "description": "执收单位周报",
                 "extensions": {"opsconsole-description-en": {"kind": "optional",
                   "text": ["Weekly reports", "of the collecting units"]}}}"""));
    }

    @Test
    void withoutItOrWithAnUnreadableDescriptorThereIsNone() {
        assertNull(PluginsServlet.descriptionEn("{\"id\": \"g:a:1\", \"description\": \"执收单位周报\"}"));
        assertNull(PluginsServlet.descriptionEn("{ not json"));
        assertNull(PluginsServlet.descriptionEn(null));
    }
}
