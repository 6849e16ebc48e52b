package io.remoteshell.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** paramiko's SSHClient logs in every way scripts do, and its host key policies see the server's real key. */
@Timeout(120)
class ParamikoAuthTest extends ServerPerClass {

    private static JsonNode run(String scenario) {
        return server.python("paramiko_auth.py", scenario).facts();
    }

    @Test
    void autoAddPolicyWithKeyFilenameLogsIn() {
        assertEquals("logged-in\n", run("key_filename").path("output").asText());
    }

    @Test
    void pkeyLoadedFromAnEd25519KeyLogsIn() {
        JsonNode facts = run("pkey_ed25519");
        assertEquals("ssh-ed25519", facts.path("key_type").asText());
        assertEquals("logged-in\n", facts.path("output").asText());
    }

    @Test
    void pkeyLoadedFromAnRsaKeyLogsIn() {
        JsonNode facts = run("pkey_rsa");
        assertEquals("ssh-rsa", facts.path("key_type").asText());
        assertEquals("logged-in\n", facts.path("output").asText());
    }

    @Test
    void passwordWithoutKeysOrAgentLogsIn() {
        assertEquals("logged-in\n", run("password").path("output").asText());
    }

    @Test
    void wrongPasswordRaisesAuthenticationException() {
        JsonNode facts = run("wrong_password");
        assertEquals("AuthenticationException", facts.path("raised").asText(), facts.toString());
        assertTrue(facts.path("is_authentication_exception").asBoolean());
    }

    @Test
    void rejectPolicyRefusesAnUnknownHost() {
        JsonNode facts = run("reject_unknown_host");
        assertEquals("SSHException", facts.path("raised").asText(), facts.toString());
        assertTrue(facts.path("message").asText().contains("not found in known_hosts"), facts.toString());
    }

    @Test
    void rejectPolicyAcceptsTheHostFromKnownHosts() {
        JsonNode facts = run("reject_policy_known_host");
        assertEquals("ssh-ed25519", facts.path("host_key_type").asText());
        assertEquals("logged-in\n", facts.path("output").asText());
    }
}
