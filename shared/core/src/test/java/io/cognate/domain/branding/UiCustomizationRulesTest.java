package io.cognate.domain.branding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cognate.domain.CognitoException;
import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UiCustomizationRulesTest {
    @Test
    void cognitosCustomizableClassesWithPlainValuesAreAccepted() {
        String css = """
                .logo-customizable { max-width: 60%; max-height: 30%; }
                .banner-customizable { padding: 25px 0px 25px 0px; background-color: rgba(16, 32, 48, 0.9); }
                .submitButton-customizable:hover { background-color: #0a5fb4 !important; }
                .label-customizable{font-weight:400}
                """;
        assertThat(UiCustomizationRules.checkCss(css)).isEqualTo(css);
        assertThat(UiCustomizationRules.checkCss("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            ".banner-customizable { background: url(https://evil.example/x); }",
            ".banner-customizable { background: URL(//evil.example/x); }",
            ".banner-customizable { background: u\\72l(//evil.example/x); }",
            "@import 'https://evil.example/x.css';",
            "@IMPORT url(x);",
            ".banner-customizable { width: expression(alert(1)); }",
            ".banner-customizable { background: image-set(x 1x); }",
            ".banner-customizable { color: red; } input[value^=a] { color: red; }",
            "body { color: red; }",
            ".banner-customizable, body { color: red; }",
            ".banner-customizable { color: red; } </style><script>alert(1)</script>",
            ".banner-customizable { /* */ color: red; }",
            ".banner-customizable { color: red; ",
            ".banner-customizable { content: \"x\"; }",
            ".banner-customizable { color }"})
    void anythingThatCouldFetchRunOrEscapeIsRefused(String css) {
        assertThatThrownBy(() -> UiCustomizationRules.checkCss(css)).isInstanceOf(CognitoException.class)
                .satisfies(e -> assertThat(((CognitoException) e).type()).isEqualTo("InvalidParameterException"));
    }

    @Test
    void theLogoIsAPngOrJpegOfAtMost100KbToldByItsBytes() throws Exception {
        assertThat(UiCustomizationRules.logoContentType(image("png"))).isEqualTo("image/png");
        assertThat(UiCustomizationRules.logoContentType(image("jpg"))).isEqualTo("image/jpeg");
        assertThatThrownBy(() -> UiCustomizationRules.logoContentType(image("gif"))).isInstanceOf(CognitoException.class);
        assertThatThrownBy(() -> UiCustomizationRules.logoContentType("<svg onload=alert(1)>".getBytes()))
                .isInstanceOf(CognitoException.class);
        byte[] oversize = new byte[UiCustomizationRules.MAX_LOGO_BYTES + 1];
        System.arraycopy(image("png"), 0, oversize, 0, 8);
        assertThatThrownBy(() -> UiCustomizationRules.logoContentType(oversize)).isInstanceOf(CognitoException.class)
                .hasMessageContaining("larger");
    }

    /** A real image file written by the JDK's own encoder (an independent implementation). */
    private static byte[] image(String format) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), format, out);
        return out.toByteArray();
    }
}
