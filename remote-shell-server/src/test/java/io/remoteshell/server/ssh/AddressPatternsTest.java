package io.remoteshell.server.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** from="..." patterns as OpenSSH reads them, without DNS. */
class AddressPatternsTest {

    @Test
    void wildcardsCidrAndNegation() throws Exception {
        InetAddress local = InetAddress.getByName("127.0.0.1");
        assertTrue(AddressPatterns.allows("127.0.0.1", local));
        assertTrue(AddressPatterns.allows("127.0.0.*", local));
        assertTrue(AddressPatterns.allows("12?.0.0.1", local));
        assertTrue(AddressPatterns.allows("10.0.0.0/8, 127.0.0.0/8", local));
        assertTrue(AddressPatterns.allows("127.0.0.1/32", local));
        assertFalse(AddressPatterns.allows("127.0.0.2/32", local));
        assertFalse(AddressPatterns.allows("10.0.0.0/8", local));
        assertFalse(AddressPatterns.allows("*,!127.0.0.1", local));
        assertFalse(AddressPatterns.allows("!127.*", local));
        assertFalse(AddressPatterns.allows("localhost", local)); // names are not looked up
        assertFalse(AddressPatterns.allows("", local));
        assertFalse(AddressPatterns.allows("127.0.0.0/x,127.0.0.0/99", local));
    }

    @Test
    void ipv6SpellingsAndBlocks() throws Exception {
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        assertTrue(AddressPatterns.allows("2001:db8:0:0:0:0:0:1", v6));
        assertTrue(AddressPatterns.allows("2001:db8::1", v6));
        assertTrue(AddressPatterns.allows("2001:db8::/32", v6));
        assertFalse(AddressPatterns.allows("2001:db9::/32", v6));
        assertFalse(AddressPatterns.allows("10.0.0.0/8", v6));
    }
}
