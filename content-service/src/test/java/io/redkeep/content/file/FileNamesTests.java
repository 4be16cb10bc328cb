package io.redkeep.content.file;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FileNamesTests {

    @Test
    void sanitizeKeepsOnlyASafeBaseName() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitize("C:\\temp\\..\\x.txt")).isEqualTo("x.txt");
        assertThat(FileNames.sanitize("a\r\nb\u0000c\u202E.txt")).isEqualTo("abc.txt");
        assertThat(FileNames.sanitize("..")).isEqualTo("file");
        assertThat(FileNames.sanitize("  ")).isEqualTo("file");
        assertThat(FileNames.sanitize(null)).isEqualTo("file");
        String cut = FileNames.sanitize("😀".repeat(300) + ".tar.gz");
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(255);
        assertThat(cut).endsWith(".gz");
    }

    @Test
    void dispositionHasAsciiFallbackAndEncodedName() {
        assertThat(FileNames.contentDisposition("naïve \"plan\"; 100%.pdf")).isEqualTo(
                "attachment; filename=\"na_ve _plan__ 100_.pdf\"; filename*=UTF-8''na%C3%AFve%20%22plan%22%3B%20100%25.pdf");
        assertThat(FileNames.contentDisposition("a\r\nSet-Cookie: x")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void patchedNamesMustBePlain() {
        assertThat(FileNames.problem("ok name.txt")).isNull();
        assertThat(FileNames.problem("a/b")).isNotNull();
        assertThat(FileNames.problem("a\u0007")).isNotNull();
        assertThat(FileNames.problem("..")).isNotNull();
    }

}
