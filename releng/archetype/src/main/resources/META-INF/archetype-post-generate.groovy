// Runs after a project is generated. In batch mode (-B, or every property given with -D) the archetype does not check
// the descriptor's validationRegex, so the module name is checked here: it becomes table names, permission names and
// the REST path, and the console refuses anything but lower-case letters and digits there.
def module = request.properties.getProperty('module')
if (!(module ==~ /[a-z][a-z0-9]{0,19}/)) {
    new File(request.outputDirectory, request.artifactId).deleteDir()
    throw new IllegalArgumentException("module '" + module + "' must be 1 to 20 lower-case letters and digits, starting with a"
            + " letter (e.g. -Dmodule=backups): it names the tables (<module>_...), the permissions (<module>.read) and the"
            + " REST endpoints (/api/<module>/...)")
}
