package dev.sockloop.sample;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.sockloop.spring.SocketServers;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.test.LocalSockloopPort;
import dev.sockloop.test.SocketTestClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application, talked to through real sockets on all its servers (four TCP, one UDP).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sockloop.servers.echo.port=0", "sockloop.servers.upper.port=0",
				"sockloop.servers.frames.port=0", "sockloop.servers.kv.port=0", "sockloop.defaults.address=127.0.0.1",
				"sockloop.datagram.echo.port=0", "sockloop.datagram.echo.address=127.0.0.1" })
class SampleApplicationTests {

	@LocalSockloopPort("echo")
	private int echoPort;

	@LocalSockloopPort("upper")
	private int upperPort;

	@LocalSockloopPort("frames")
	private int framesPort;

	@LocalSockloopPort("kv")
	private int kvPort;

	@Autowired
	private SocketServers servers;

	@Autowired
	private Environment environment;

	@LocalServerPort
	private int httpPort;

	@Test
	void echoServerShouldEchoBytes() {
		try (SocketTestClient client = connect(this.echoPort)) {
			byte[] payload = new byte[100_000];
			for (int i = 0; i < payload.length; i++) {
				payload[i] = (byte) (i * 31);
			}
			assertThat(client.send(payload).receive(payload.length)).isEqualTo(payload);
		}
	}

	@Test
	void upperServerShouldUpperCaseEachLine() {
		try (SocketTestClient client = connect(this.upperPort)) {
			client.send("hello\r\nsockloop\n");
			byte[] expected = "HELLO\nSOCKLOOP\n".getBytes(StandardCharsets.UTF_8);
			// Exact bytes rather than receiveLine(): the server answers with LF, not CRLF.
			assertThat(new String(client.receive(expected.length), StandardCharsets.UTF_8))
				.isEqualTo("HELLO\nSOCKLOOP\n");
		}
	}

	@Test
	void framesServerShouldEchoLengthPrefixedFrames() {
		try (SocketTestClient client = connect(this.framesPort)) {
			byte[] big = new byte[200_000];
			client.sendFrame(4, "abc".getBytes(StandardCharsets.US_ASCII)).sendFrame(4, big);
			assertThat(client.receiveFrame(4)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.receiveFrame(4)).isEqualTo(big);
		}
	}

	@Test
	void kvServerShouldAnswerEachJsonLineInOrder() {
		try (SocketTestClient client = connect(this.kvPort)) {
			client.sendLine("{\"op\":\"put\",\"key\":\"a\",\"value\":\"1\"}")
				.sendLine("{\"op\":\"get\",\"key\":\"a\"}")
				.sendLine("{\"op\":\"get\",\"key\":\"missing\"}")
				.sendLine("{\"op\":\"put\",\"key\":\"a\",\"value\":\"2\"}")
				.sendLine("{\"op\":\"get\",\"key\":\"a\"}");
			assertThat(client.receiveLine()).isEqualTo("{\"ok\":true}");
			assertThat(client.receiveLine()).isEqualTo("{\"ok\":true,\"value\":\"1\"}");
			assertThat(client.receiveLine()).isEqualTo("{\"ok\":false}");
			assertThat(client.receiveLine()).isEqualTo("{\"ok\":true}");
			assertThat(client.receiveLine()).isEqualTo("{\"ok\":true,\"value\":\"2\"}");
		}
	}

	@Test
	void udpEchoServerShouldAnswerEachDatagramWithItsBytes() throws Exception {
		int port = this.environment.getRequiredProperty("local.sockloop.datagram.echo.port", Integer.class);
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout(10_000);
			byte[] payload = "ping over UDP".getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("127.0.0.1", port)));
			DatagramPacket echo = new DatagramPacket(new byte[2048], 2048);
			socket.receive(echo);
			assertThat(Arrays.copyOf(echo.getData(), echo.getLength())).isEqualTo(payload);
		}
	}

	@Test
	void kvServerShouldCloseAConnectionSendingInvalidJsonAsABadFrame() {
		ServerStats stats = this.servers.get("kv").stats();
		long badFrames = stats.connectionsClosed(CloseReason.BAD_FRAME);
		try (SocketTestClient client = connect(this.kvPort)) {
			client.sendLine("{\"op\":\"put\",\"key\":\"b\",\"value\":\"1\"}").sendLine("not json");
			assertThat(client.receiveLine()).isEqualTo("{\"ok\":true}");
			assertThat(client.awaitClosedByServer()).isTrue();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> stats.connectionsClosed(CloseReason.BAD_FRAME) == badFrames + 1);
		assertThat(stats.handlerErrors()).isZero();
	}

	@Test
	void actuatorHealthShouldBeUpOverHttp() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"UP\"");
	}

	@Test
	void readinessProbeShouldIncludeTheSockloopIndicator() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health/readiness"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"sockloop\"").contains("\"readinessState\"");
	}

	private static SocketTestClient connect(int port) {
		return SocketTestClient.connect(port).timeout(Duration.ofSeconds(10));
	}

}
