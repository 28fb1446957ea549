// Checks what `mvn verify` made of the generated example extension: the feature archive's layout and feature.json,
// the bundle's manifest and content, and that its unit tests ran and passed. Run by archetype:integration-test.
import groovy.json.JsonSlurper
import java.util.jar.JarFile
import java.util.zip.ZipFile

File project = context.projectDir
File target = new File(project, 'target')

def check = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

File zipFile = new File(target, 'opsconsole-example-1.0.0.zip')
check(zipFile.isFile(), "no feature archive at $zipFile")
def zip = new ZipFile(zipFile)
try {
    def names = zip.entries().collect { it.name }
    check(names.sort() == ['feature.json', 'opsconsole-example-1.0.0.jar'],
            "the archive holds feature.json and the bundle jar at its root, nothing else: $names")

    def feature = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('feature.json')), 'UTF-8')
    check(feature.id == 'org.opsconsole.examples:opsconsole-example:json:1.0.0', "feature id: ${feature.id}")
    check(feature.name == 'opsconsole-example', "feature name: ${feature.name}")
    check(feature.description?.contains('hello'), "feature description: ${feature.description}")
    check(feature.bundles == [[id: 'org.opsconsole.examples:opsconsole-example:1.0.0', 'start-order': 10]],
            "feature bundles: ${feature.bundles}")
    check(feature.extensions == ['opsconsole-api': [kind: 'mandatory', text: ['[1.0,2)']]],
            "the API range the extension needs: ${feature.extensions}")
    def accepted = ['feature-resource-version', 'id', 'name', 'description', 'vendor', 'license', 'docURL', 'scm',
                    'complete', 'categories', 'bundles', 'configurations', 'extensions']
    check(accepted.containsAll(feature.keySet()), "feature.json has only keys of the OSGi Feature format: ${feature.keySet()}")

    byte[] packed = zip.getInputStream(zip.getEntry('opsconsole-example-1.0.0.jar')).bytes
    check(packed == new File(target, 'opsconsole-example-1.0.0.jar').bytes, 'the archive holds the jar the build made')
} finally {
    zip.close()
}

def jar = new JarFile(new File(target, 'opsconsole-example-1.0.0.jar'))
try {
    def headers = jar.manifest.mainAttributes
    def header = { String name -> headers.getValue(name) }
    check(header('Bundle-ManifestVersion') == '2', 'an OSGi bundle')
    check(header('Bundle-SymbolicName') == 'org.opsconsole.examples.hello', "symbolic name: ${header('Bundle-SymbolicName')}")
    check(header('Bundle-Version') == '1.0.0', "version: ${header('Bundle-Version')}")
    check(header('Opsconsole-Migrations') == 'db/migration;module=hello', "migrations: ${header('Opsconsole-Migrations')}")
    String requires = header('Require-Capability')
    check(requires.contains('(osgi.extender=opsconsole.migrations)'), "requires the migrations extender: $requires")
    check(requires.contains('(osgi.implementation=opsconsole.console)'), "requires the console shell (from @ConsolePageService): $requires")
    String imports = header('Import-Package')
    ['org.opsconsole.api.console', 'org.opsconsole.api.db', 'org.opsconsole.api.jobs', 'org.opsconsole.api.rest',
     'org.opsconsole.api.security'].each {
        // the lower bound is the package's minor version the example was built against; the upper bound is API 2
        check((imports =~ java.util.regex.Pattern.quote(it) + ';version="\\[1\\.[0-9]+,2\\)"').find(), "imports $it from API 1.x: $imports")
    }
    check(header('Export-Package') == null, 'exports nothing')
    check(header('Require-Bundle') == null && header('DynamicImport-Package') == null, 'no Require-Bundle, no DynamicImport-Package')
    def components = header('Service-Component').split(',').collect { it.trim() }.sort()
    check(components == ['OSGI-INF/org.opsconsole.examples.hello.internal.GreetingCleanupJob.xml',
                         'OSGI-INF/org.opsconsole.examples.hello.internal.Greetings.xml',
                         'OSGI-INF/org.opsconsole.examples.hello.internal.GreetingsHealth.xml',
                         'OSGI-INF/org.opsconsole.examples.hello.internal.GreetingsPage.xml',
                         'OSGI-INF/org.opsconsole.examples.hello.internal.GreetingsPermissions.xml',
                         'OSGI-INF/org.opsconsole.examples.hello.internal.GreetingsServlet.xml'], "components: $components")
    // a component's service property, as its XML declares it
    def property = { String component, String name ->
        def xml = new groovy.xml.XmlSlurper().parse(jar.getInputStream(jar.getEntry("OSGI-INF/org.opsconsole.examples.hello.internal.${component}.xml")))
        def node = xml.property.find { it.@name == name }
        node.@value.text() ?: node.text().trim()
    }
    check(property('GreetingsServlet', 'osgi.http.whiteboard.servlet.pattern') == '/api/hello/greetings', 'servlet pattern')
    check(property('GreetingsServlet', 'osgi.http.whiteboard.context.select') == '(osgi.http.whiteboard.context.name=opsconsole)', 'servlet context')
    check(property('GreetingsServlet', 'opsconsole.route.read') == 'hello.read', 'read permission')
    check(property('GreetingsServlet', 'opsconsole.route.write') == 'hello.operate', 'write permission')
    check(property('GreetingsPage', 'opsconsole.page.id') == 'hello', 'page id')
    check(property('GreetingsPage', 'opsconsole.page.title') == '问候' && property('GreetingsPage', 'opsconsole.page.titleEn') == 'Greetings', 'page titles')
    check(property('GreetingsPage', 'opsconsole.page.element') == 'hello-greetings-page', 'page element')
    check(property('GreetingsPage', 'opsconsole.page.script') == 'greetings-page.js', 'page script')
    check(property('GreetingsPage', 'opsconsole.page.permission') == 'hello.read', 'page permission')
    check(property('GreetingsHealth', 'opsconsole.health.id') == 'hello.greetings', 'health check id')
    check(property('GreetingCleanupJob', 'opsconsole.job.id') == 'hello.cleanup-greetings', 'job id')
    check(property('GreetingCleanupJob', 'opsconsole.job.cron') == '0 30 3 * * ?', 'job schedule')
    check(jar.getEntry('OSGI-INF/metatype/org.opsconsole.examples.hello.internal.GreetingCleanupJob$Config.xml') != null, 'the job configuration is described (metatype)')
    String script = jar.getInputStream(jar.getEntry('web/greetings-page.js')).getText('UTF-8')
    check(script.contains("customElements.define(ELEMENT, GreetingsPage)") && script.contains("'/api/hello/greetings'")
            && !script.contains('#[[') && !script.contains(']]#') && !script.contains('${module}'), 'the page script, filled in')
    String sql = jar.getInputStream(jar.getEntry('db/migration/V1__greetings.sql')).getText('UTF-8')
    check(sql.contains('create table hello_greeting ('), "the migration creates hello_greeting: $sql")
    check(!jar.entries().toList().any { it.name.startsWith('META-INF/') && it.name.endsWith('.SF') }, 'not signed without the signing properties')
} finally {
    jar.close()
}

def reports = new File(target, 'surefire-reports').listFiles().findAll { it.name.startsWith('TEST-') && it.name.endsWith('.xml') }
def suites = reports.collect { new groovy.xml.XmlSlurper().parse(it) }
int tests = suites.sum { it.@tests.toInteger() }
int bad = suites.sum { it.@failures.toInteger() + it.@errors.toInteger() + it.@skipped.toInteger() }
check(reports.size() == 2 && tests >= 4 && bad == 0, "the unit tests ran and passed: ${reports*.name}, $tests tests, $bad not passed")
println "example extension: ${zipFile} checked (${tests} unit tests passed)"
return true
