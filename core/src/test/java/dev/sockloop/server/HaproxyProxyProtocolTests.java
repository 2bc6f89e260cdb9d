package dev.sockloop.server;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sockloop.testing.Haproxy;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HAProxy in front of a server that requires the PROXY protocol: with {@code send-proxy}
 * (v1) and {@code send-proxy-v2}, the handler sees the client's own address and port, not
 * HAProxy's. Skipped, saying so, only where the {@code haproxy} binary is missing.
 */
abstract class HaproxyProxyProtocolTests {

	private static final byte[] HELLO = "hello through haproxy\n".getBytes(StandardCharsets.US_ASCII);

	@TempDir
	Path directory;

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	@Test
	void haproxySendProxyV1AndV2GiveTheHandlerTheClientsAddress() throws Exception {
		Assumptions.assumeTrue(Haproxy.binary() != null, Haproxy.missingMessage());
		List<SocketAddress> seen = new CopyOnWriteArrayList<>();
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.proxyProtocol(ProxyProtocol.REQUIRED)
			.handler((connection) -> {
				seen.add(connection.remoteAddress());
				return connection.send(connection.receive());
			})
			.start();
		int v1Port = Haproxy.freePort();
		int v2Port = Haproxy.freePort();
		String config = """
				global
				  maxconn 100
				defaults
				  mode tcp
				  timeout connect 2s
				  timeout client 10s
				  timeout server 10s
				listen v1
				  bind 127.0.0.1:%d
				  server sockloop 127.0.0.1:%d send-proxy
				listen v2
				  bind 127.0.0.1:%d
				  server sockloop 127.0.0.1:%d send-proxy-v2
				""".formatted(v1Port, server.port(), v2Port, server.port());
		try (Haproxy haproxy = Haproxy.start(this.directory, config, v1Port, v2Port)) {
			InetSocketAddress v1Client = exchangeFrom("127.0.0.2", v1Port);
			InetSocketAddress v2Client = exchangeFrom("127.0.0.3", v2Port);
			// Haproxy.start's readiness probes connect from 127.0.0.1, and HAProxy passes them on too.
			assertThat(seen).filteredOn((address) -> !((InetSocketAddress) address).getHostString().equals("127.0.0.1"))
				.containsExactly(v1Client, v2Client);
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	/** Echoes a line through HAProxy from a client bound to {@code localIp}; returns the client's address. */
	private static InetSocketAddress exchangeFrom(String localIp, int port) throws Exception {
		try (Socket socket = new Socket()) {
			socket.bind(new InetSocketAddress(localIp, 0));
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(HELLO);
			assertThat(socket.getInputStream().readNBytes(HELLO.length)).isEqualTo(HELLO);
			return (InetSocketAddress) socket.getLocalSocketAddress();
		}
	}

}
