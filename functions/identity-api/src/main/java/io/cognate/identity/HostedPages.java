package io.cognate.identity;

import java.util.Map;
import java.util.Optional;

/**
 * The hosted sign-in pages as server-rendered HTML: no script (but on the passkey step, see
 * {@link #passkey}), one inline style block allowed by its nonce, every input labelled, an error tied to the field it is about
 * ({@code aria-describedby}, {@code aria-invalid}) and the first field focused in document order.
 * Every value is escaped; the authorization request travels in hidden fields, checked again on
 * every post. Elements carry Cognito's customizable class names, which a pool's UI customization
 * styles ({@link HostedBrandedPages}).
 */
final class HostedPages {
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#16191f;margin:0}
            main{max-width:24rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0003}
            h1{font-size:1.4rem;margin-top:0}
            label{display:block;margin-top:1rem;font-weight:600}
            input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.6rem;margin-top:.3rem;border:1px solid #687078;border-radius:4px;font-size:1rem}
            input[aria-invalid=true]{border-color:#d13212}
            button{margin-top:1.5rem;width:100%;padding:.7rem;background:#0a5fb4;color:#fff;border:0;border-radius:4px;font-size:1rem}
            button:focus,input:focus{outline:3px solid #ffb300;outline-offset:1px}
            button.secondary{background:#fff;color:#0a5fb4;border:1px solid #0a5fb4;margin-top:.8rem}
            .error{color:#b0210d;margin:.4rem 0 0}
            """;

    private HostedPages() {
    }

    /** The fields of one form: name, label, input type, autocomplete hint. */
    record Field(String name, String label, String type, String autocomplete, String value) {
    }

    /**
     * A page with one form posting to {@code action}: {@code fields} in order, the hidden
     * {@code carried} parameters, the CSRF token, and {@code error} (if any) tied to
     * {@code errorField} (or to the form when that is empty).
     */
    static String form(String title, String nonce, String action, String csrf, Map<String, String> carried,
                       java.util.List<Field> fields, Optional<String> error, Optional<String> errorField, String submit) {
        return form(title, nonce, action, csrf, carried, fields, error, errorField, submit, Optional.empty());
    }

    /** The same, with {@code notice} (a step done, what comes next) read out as a status above the form. */
    static String form(String title, String nonce, String action, String csrf, Map<String, String> carried,
                       java.util.List<Field> fields, Optional<String> error, Optional<String> errorField, String submit,
                       Optional<String> notice) {
        return form(title, nonce, action, csrf, carried, fields, error, errorField, submit, notice, java.util.List.of());
    }

    /** A link under the form to another hosted page (sign up, forgotten password). */
    record Link(String href, String text) {
    }

    /** The same, with {@code links} to the other hosted pages after the form, in focus order after its button. */
    static String form(String title, String nonce, String action, String csrf, Map<String, String> carried,
                       java.util.List<Field> fields, Optional<String> error, Optional<String> errorField, String submit,
                       Optional<String> notice, java.util.List<Link> links) {
        return form(title, nonce, action, csrf, carried, fields, error, errorField, submit, notice, links, Optional.empty());
    }

    /**
     * A second submit button of the same form, after the first (which stays the one Enter
     * presses): it posts the form with {@code name=value} added, e.g. the login form's
     * "Sign in with a passkey", which needs the username and not the password.
     */
    record Alternative(String name, String value, String text) {
    }

    /** The same, with an {@code alternative} submit button after the form's own. */
    static String form(String title, String nonce, String action, String csrf, Map<String, String> carried,
                       java.util.List<Field> fields, Optional<String> error, Optional<String> errorField, String submit,
                       Optional<String> notice, java.util.List<Link> links, Optional<Alternative> alternative) {
        var html = opening(2048, title, nonce);
        html.append("<h1>").append(escape(title)).append("</h1>");
        notice.ifPresent(text -> html.append("<p class=\"textDescription-customizable\" role=\"status\">").append(escape(text)).append("</p>"));
        boolean formError = error.isPresent() && errorField.isEmpty();
        html.append("<form method=\"post\" action=\"").append(escape(action)).append("\" novalidate")
                .append(formError ? " aria-describedby=\"form-error\"" : "").append('>');
        if (formError) {
            html.append("<p class=\"error errorMessage-customizable\" id=\"form-error\" role=\"alert\">").append(escape(error.get())).append("</p>");
        }
        html.append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(escape(csrf)).append("\">");
        carried.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        boolean first = true;
        for (Field field : fields) {
            boolean invalid = error.isPresent() && errorField.filter(field.name()::equals).isPresent();
            String id = "field-" + field.name();
            html.append("<label for=\"").append(id).append("\" class=\"label-customizable\">").append(escape(field.label())).append("</label>")
                    .append("<input class=\"inputField-customizable\" id=\"").append(id).append("\" name=\"").append(escape(field.name()))
                    .append("\" type=\"").append(field.type()).append("\" autocomplete=\"").append(field.autocomplete())
                    .append("\" required");
            if (!field.value().isEmpty()) {
                html.append(" value=\"").append(escape(field.value())).append('"');
            }
            if (invalid) {
                html.append(" aria-invalid=\"true\" aria-describedby=\"").append(id).append("-error\"");
            }
            if ((invalid || (first && error.isEmpty()))) {
                html.append(" autofocus");
            }
            html.append('>');
            if (invalid) {
                html.append("<p class=\"error errorMessage-customizable\" id=\"").append(id).append("-error\" role=\"alert\">")
                        .append(escape(error.get())).append("</p>");
            }
            first = false;
        }
        html.append("<button class=\"submitButton-customizable\" type=\"submit\">").append(escape(submit)).append("</button>");
        alternative.ifPresent(button -> html.append("<button class=\"submitButton-customizable secondary\" type=\"submit\" name=\"")
                .append(escape(button.name())).append("\" value=\"").append(escape(button.value())).append("\">")
                .append(escape(button.text())).append("</button>"));
        html.append("</form>");
        if (!links.isEmpty()) {
            nav(html, links);
        }
        html.append("</main></body></html>");
        return html.toString();
    }

    /**
     * A page of links only, in the sign-in page's layout: the account selection of a client that
     * signs in through upstream providers alone (no form, so no CSRF token).
     */
    static String choices(String nonce, String title, java.util.List<Link> links) {
        var html = opening(1024, title, nonce);
        html.append("<h1>").append(escape(title)).append("</h1>");
        nav(html, links);
        html.append("</main></body></html>");
        return html.toString();
    }

    /**
     * What the passkey page's script does, under a CSP that allows it by its nonce alone: read
     * the request options from the form's {@code data-options} (they are data, never script),
     * call {@code navigator.credentials.get}, put the answer (AuthenticationResponseJSON) into
     * the form's {@code credential} field and post the form. It starts at once and again on the
     * button, for browsers that ask for a click first; no inline event handler.
     */
    static final String PASSKEY_SCRIPT = """
            (function () {
              var form = document.getElementById('passkey-form');
              var button = document.getElementById('passkey-button');
              var status = document.getElementById('passkey-status');
              if (!window.PublicKeyCredential || !navigator.credentials) {
                status.textContent = 'This browser cannot use passkeys. Sign in with your password instead.';
                return;
              }
              var options = JSON.parse(form.getAttribute('data-options'));
              function bytes(text) {
                var binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
                var array = new Uint8Array(binary.length);
                for (var i = 0; i < binary.length; i++) { array[i] = binary.charCodeAt(i); }
                return array.buffer;
              }
              function text(buffer) {
                var array = new Uint8Array(buffer), binary = '';
                for (var i = 0; i < array.length; i++) { binary += String.fromCharCode(array[i]); }
                return btoa(binary).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
              }
              function json(credential) {
                if (typeof credential.toJSON === 'function') { return credential.toJSON(); }
                var response = credential.response;
                var answer = {id: credential.id, rawId: text(credential.rawId), type: credential.type,
                  response: {clientDataJSON: text(response.clientDataJSON),
                    authenticatorData: text(response.authenticatorData), signature: text(response.signature)},
                  clientExtensionResults: credential.getClientExtensionResults()};
                if (response.userHandle) { answer.response.userHandle = text(response.userHandle); }
                if (credential.authenticatorAttachment) { answer.authenticatorAttachment = credential.authenticatorAttachment; }
                return answer;
              }
              function ask() {
                button.disabled = true;
                status.textContent = 'Waiting for your passkey\\u2026';
                navigator.credentials.get({publicKey: {challenge: bytes(options.challenge), rpId: options.rpId,
                    allowCredentials: [], userVerification: options.userVerification, timeout: options.timeout}})
                  .then(function (credential) {
                    form.elements.credential.value = JSON.stringify(json(credential));
                    form.submit();
                  }, function () {
                    button.disabled = false;
                    status.textContent = 'The passkey was not used. Try again, or sign in with your password.';
                  });
              }
              button.hidden = false;
              button.addEventListener('click', ask);
              ask();
            })();
            """;

    /**
     * The passkey step: the request options in the form's {@code data-options} (escaped like
     * every attribute), the hidden {@code carried} fields and an empty {@code credential} the
     * script fills. Without JavaScript the button stays hidden and the page says so, with a link
     * back to the password form ({@code passwordHref}).
     */
    static String passkey(String nonce, String action, String csrf, Map<String, String> carried, String optionsJson,
                          String passwordHref) {
        String title = "Sign in with a passkey";
        var html = opening(4096, title, nonce);
        html.append("<h1>").append(title).append("</h1>")
                .append("<form id=\"passkey-form\" method=\"post\" action=\"").append(escape(action))
                .append("\" data-options=\"").append(escape(optionsJson)).append("\">")
                .append("<input type=\"hidden\" name=\"_csrf\" value=\"").append(escape(csrf)).append("\">");
        carried.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        html.append("<input type=\"hidden\" name=\"credential\" value=\"\">")
                .append("<p class=\"textDescription-customizable\" id=\"passkey-status\" role=\"status\"></p>")
                .append("<button class=\"submitButton-customizable\" id=\"passkey-button\" type=\"button\" hidden>")
                .append("Use my passkey</button></form>")
                .append("<noscript><p class=\"error errorMessage-customizable\" role=\"alert\">Signing in with a passkey ")
                .append("needs JavaScript, which is off in this browser. Sign in with your password instead.</p></noscript>");
        nav(html, java.util.List.of(new Link(passwordHref, "Sign in with your password")));
        html.append("</main><script nonce=\"").append(nonce).append("\">").append(PASSKEY_SCRIPT).append("</script>")
                .append("</body></html>");
        return html.toString();
    }

    /**
     * An error the user agent is shown and not sent anywhere with (a wrong client or redirect URI,
     * an expired form, a federated sign-in that cannot be completed): the sign-in page's layout and
     * customizable classes, so a pool's or client's branding styles it as it styles the form.
     */
    static String error(String nonce, String error, String description) {
        return opening(1024, "Error", nonce)
                .append("<h1>An error was encountered</h1><p class=\"error errorMessage-customizable\" role=\"alert\"><strong>")
                .append(escape(error)).append("</strong>: ").append(escape(description)).append("</p></main></body></html>")
                .toString();
    }

    /** A page with a message only (signed out, nothing to do), in the same layout. */
    static String message(String nonce, String title, String text) {
        return opening(1024, title, nonce).append("<h1>").append(escape(title))
                .append("</h1><p class=\"textDescription-customizable\">").append(escape(text)).append("</p></main></body></html>")
                .toString();
    }

    /**
     * What every hosted page starts with, up to its {@code <main>}: the title, the one style block
     * (allowed by {@code nonce}) and the customizable body class a pool's branding styles.
     */
    private static StringBuilder opening(int capacity, String title, String nonce) {
        return new StringBuilder(capacity).append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title>")
                .append("<style nonce=\"").append(nonce).append("\">").append(STYLE).append("</style></head>")
                .append("<body class=\"background-customizable\"><main>");
    }

    /** Links to other hosted pages (or a provider's sign-in), one paragraph each, in a {@code <nav>}. */
    private static void nav(StringBuilder html, java.util.List<Link> links) {
        html.append("<nav>");
        links.forEach(link -> html.append("<p><a class=\"redirect-customizable\" href=\"").append(escape(link.href()))
                .append("\">").append(escape(link.text())).append("</a></p>"));
        html.append("</nav>");
    }

    static String escape(String text) {
        var escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
