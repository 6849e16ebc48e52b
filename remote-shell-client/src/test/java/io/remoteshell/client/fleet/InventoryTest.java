package io.remoteshell.client.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventories as Ansible reads them (INI and YAML, groups, children, variable precedence) and pssh's plain files. */
class InventoryTest {

    @TempDir
    Path dir;

    private static List<String> names(List<Inventory.Host> hosts) {
        return hosts.stream().map(Inventory.Host::name).toList();
    }

    @Test
    void iniGroupsChildrenVarsAndRanges() throws IOException {
        Inventory inv = Inventory.parse("""
                # a comment
                bastion ansible_host=10.0.0.1 ansible_user=ops   # trailing comment
                ; another comment

                [web]
                web[01:03] ansible_port=2222
                web02 ansible_user="deploy user"

                [db]
                db-[a:b].example.com:5309
                [db:vars]
                rshell_scheme=rsp
                rshell_rsp_port = 9901

                [prod:children]
                web
                db

                [prod:vars]
                ansible_user=prod
                rshell_scheme=ssh

                [all:vars]
                ansible_user=everyone
                """, "hosts.ini", false);

        assertEquals(List.of("bastion", "web01", "web02", "web03", "db-a.example.com", "db-b.example.com"), names(inv.hosts()));
        assertEquals(List.of("web01", "web02", "web03", "db-a.example.com", "db-b.example.com"), names(inv.group("prod")));
        assertEquals(List.of("bastion"), names(inv.group("ungrouped")));
        assertEquals(6, inv.group("all").size());
        assertEquals(List.of(), inv.group("nosuch"));

        // Host vars beat every group; all < prod < web/db; a child group's vars beat its parent's.
        assertEquals("ssh://ops@10.0.0.1", inv.host("bastion").orElseThrow().target());
        assertEquals("ssh://prod@web01:2222", inv.host("web01").orElseThrow().target());
        assertEquals("ssh://deploy user@web02:2222", inv.host("web02").orElseThrow().target());
        Inventory.Host db = inv.host("db-a.example.com").orElseThrow();
        assertEquals("rsp", db.var("rshell_scheme").orElseThrow(), "db:vars (depth 2) beats prod:vars (depth 1)");
        assertEquals("rsp://prod@db-a.example.com:9901", db.target(), "ansible_port (5309, from :PORT) is the SSH port");
        assertTrue(db.groups().containsAll(List.of("all", "prod", "db")), db.groups().toString());
    }

    @Test
    void yamlFormWithNestedChildren() throws IOException {
        Path file = dir.resolve("inventory.yml");
        Files.writeString(file, """
                all:
                  vars:
                    ansible_user: alice
                  hosts:
                    solo:
                      ansible_host: 127.0.0.1
                      ansible_port: 20022
                  children:
                    web:
                      hosts:
                        web[1:2]:
                      vars:
                        rshell_scheme: rsp
                        rshell_rsp_port: 20501
                      children:
                        canary:
                          hosts:
                            web2:
                              rshell_rsp_port: 20502
                    db:
                      hosts:
                        "rsp://bob@127.0.0.1:20600":
                """);
        Inventory inv = Inventory.read(file);
        assertEquals(List.of("solo", "web1", "web2", "rsp://bob@127.0.0.1:20600"), names(inv.hosts()));
        assertEquals(List.of("web1", "web2"), names(inv.group("web")));
        assertEquals(List.of("web2"), names(inv.group("canary")));
        assertEquals(List.of("solo"), names(inv.group("ungrouped")));
        assertEquals("ssh://alice@127.0.0.1:20022", inv.host("solo").orElseThrow().target());
        assertEquals("rsp://alice@web1:20501", inv.host("web1").orElseThrow().target());
        assertEquals("rsp://alice@web2:20502", inv.host("web2").orElseThrow().target());
        assertEquals("rsp://bob@127.0.0.1:20600", inv.host("rsp://bob@127.0.0.1:20600").orElseThrow().target());
    }

    @Test
    void yamlIsRecognisedByItsTextToo() throws IOException {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "---\nall:\n  hosts:\n    a:\n    b:\n");
        assertEquals(List.of("a", "b"), names(Inventory.read(file).hosts()));
    }

    @Test
    void plainFileOneHostPerLineAsPsshWritesIt() throws IOException {
        Path file = dir.resolve("hosts.txt");
        Files.writeString(file, """
                web1
                alice@web2:2200
                [::1]:2201
                rsp://carol@127.0.0.1:9900

                # the end
                """);
        Inventory inv = Inventory.read(file);
        assertEquals(List.of("web1", "web2", "::1", "rsp://carol@127.0.0.1:9900"), names(inv.hosts()));
        assertEquals("ssh://web1", inv.host("web1").orElseThrow().target());
        assertEquals("ssh://alice@web2:2200", inv.host("web2").orElseThrow().target());
        assertEquals("ssh://[::1]:2201", inv.host("::1").orElseThrow().target());
        assertEquals(Map.of(), inv.host("rsp://carol@127.0.0.1:9900").orElseThrow().vars());
    }

    @Test
    void ansibleConnectionOtherThanSshIsRefusedByName() throws IOException {
        Inventory inv = Inventory.parse("localhost ansible_connection=local\n", "hosts", false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inv.host("localhost").orElseThrow().target());
        assertTrue(e.getMessage().contains("ansible_connection=local") && e.getMessage().contains("rshell_scheme=rsp"), e.getMessage());
    }

    @Test
    void mistakesNameTheFileAndLine() {
        IOException bad = assertThrows(IOException.class, () -> Inventory.parse("[web]\nweb1 port\n", "inv.ini", false));
        assertEquals("inv.ini, line 2: after the host, each word is NAME=VALUE, not port", bad.getMessage());
        IOException range = assertThrows(IOException.class, () -> Inventory.parse("web[9:1]\n", "inv.ini", false));
        assertTrue(range.getMessage().startsWith("inv.ini, line 1: range [9:1] ends before it starts"), range.getMessage());
        IOException cycle = assertThrows(IOException.class,
                () -> Inventory.parse("[a:children]\nb\n[b:children]\na\n", "inv.ini", false));
        assertTrue(cycle.getMessage().contains("cycle"), cycle.getMessage());
        IOException yaml = assertThrows(IOException.class, () -> Inventory.parse("all:\n  hostz: {}\n", "inv.yml", true));
        assertEquals("inv.yml: group all has hostz; a group has only hosts, vars and children", yaml.getMessage());
    }
}
