// Checks that with the signing properties the bundle jar is signed before it is packed: the jar in the feature
// archive carries a signature that covers every entry, made with the given key.
import java.security.cert.X509Certificate
import java.util.jar.JarEntry
import java.util.jar.JarFile
import java.util.zip.ZipFile

File target = new File(context.projectDir, 'target')
def check = { boolean ok, String what -> if (!ok) throw new AssertionError(what) }

File zipFile = new File(target, 'opsconsole-example-signed-1.0.0.zip')
File packed = new File(target, 'packed.jar')
def zip = new ZipFile(zipFile)
try {
    check(zip.entries().collect { it.name }.sort() == ['feature.json', 'opsconsole-example-signed-1.0.0.jar'], 'archive layout')
    packed.bytes = zip.getInputStream(zip.getEntry('opsconsole-example-signed-1.0.0.jar')).bytes
} finally {
    zip.close()
}
def jar = new JarFile(packed, true)
try {
    int signed = 0
    for (JarEntry entry : jar.entries().toList()) {
        jar.getInputStream(entry).bytes // reading to the end checks the entry against its signed digest
        if (entry.directory || entry.name.startsWith('META-INF/')) {
            continue
        }
        def signers = entry.codeSigners
        check(signers != null && signers.length == 1, "${entry.name} is signed")
        def certificate = (X509Certificate) signers[0].signerCertPath.certificates[0]
        check(certificate.subjectX500Principal.name == 'CN=opsconsole archetype test key (tests only)', "signer of ${entry.name}: ${certificate.subjectX500Principal}")
        signed++
    }
    check(signed > 5, "every entry is signed ($signed)")
} finally {
    jar.close()
}
println "signed extension: ${zipFile} checked"
return true
