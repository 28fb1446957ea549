/**
 * Report sections: a module contributes a section to the periodic service reports (服务报告) by registering a {@link
 * org.opsconsole.api.report.ReportSection} with {@link org.opsconsole.api.report.ReportSectionService} (its id, titles
 * and place). The reporting module asks every section for its content for the report's period and language and
 * renders the blocks (paragraphs, key figures, tables, charts) to its pages, PDF and Excel; a section never formats
 * for one of them.
 */
@Export
@Version("1.0.0")
package org.opsconsole.api.report;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
