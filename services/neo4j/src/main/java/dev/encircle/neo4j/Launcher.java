package dev.encircle.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Embedded Neo4j 5 Community DBMS exposing Bolt on 127.0.0.1, for tests and local use.
 *
 * <p>Usage: {@code java -cp target/classes:target/lib/* dev.encircle.neo4j.Launcher [HOME_DIR]}
 *
 * <p>HOME_DIR (or env NEO4J_HOME_DIR) is the DBMS home; databases live under HOME_DIR/data.
 * Without it a fresh temp dir is used and deleted again on shutdown.
 *
 * <p>Env: NEO4J_BOLT_PORT (7687), NEO4J_PAGECACHE (512m), NEO4J_TX_MAX (per-transaction memory
 * cap, default 50% of heap), NEO4J_TX_TOTAL_MAX (all transactions, default 75% of heap),
 * NEO4J_TX_TIMEOUT (db.transaction.timeout: longest a transaction may run, default 1h).
 * Auth is disabled; LOAD CSV may read any absolute file:/// path.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String homeArg = args.length > 0 ? args[0] : env("NEO4J_HOME_DIR", "");
        boolean ephemeral = homeArg.isBlank();
        Path home = ephemeral ? Files.createTempDirectory("encircle-neo4j-") : Paths.get(homeArg).toAbsolutePath();
        Files.createDirectories(home);

        int port = Integer.parseInt(env("NEO4J_BOLT_PORT", "7687"));
        long heap = Runtime.getRuntime().maxMemory();
        long pageCache = bytes(env("NEO4J_PAGECACHE", "512m"));
        long txMax = bytes(env("NEO4J_TX_MAX", String.valueOf(heap / 2)));
        long txTotalMax = bytes(env("NEO4J_TX_TOTAL_MAX", String.valueOf(heap * 3 / 4)));
        // Server-side backstop: a transaction running longer is ended, whoever started it.
        // encircle's own transactions carry a client timeout (ENCIRCLE_NEO4J_TIMEOUT) too.
        Duration txTimeout = SettingValueParsers.DURATION.parse(env("NEO4J_TX_TIMEOUT", "1h"));

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(new Log4jLogProvider(System.out, Level.INFO))
                // Bolt only, plaintext, loopback only.
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // No auth: drivers may still send any basic-auth credentials.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // LOAD CSV FROM 'file:///abs/path.csv' resolves against "/" => any absolute path.
                .setConfig(GraphDatabaseSettings.allow_file_urls, true)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, Paths.get("/"))
                // Memory.
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax)
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txTotalMax)
                .setConfig(GraphDatabaseSettings.transaction_timeout, txTimeout)
                // Throwaway/test DBMS: keep transaction logs small, no telemetry.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty's default 2 s quiet period per event-loop group makes stop take ~7 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("shutting down neo4j ...");
            try {
                dbms.shutdown();
            } catch (Throwable t) {
                t.printStackTrace();
            }
            if (ephemeral) {
                deleteRecursively(home);
            }
            System.out.println("neo4j stopped");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(TimeUnit.MINUTES.toMillis(3))) {
            System.err.println("database '" + db.databaseName() + "' did not become available");
            System.exit(1);
        }
        System.out.printf("neo4j home=%s pagecache=%d heap=%d txMax=%d txTotalMax=%d txTimeout=%s%n",
                home, pageCache, heap, txMax, txTotalMax, txTimeout);
        System.out.println("ready on bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    private static long bytes(String v) {
        return SettingValueParsers.BYTES.parse(v);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
