package dev.sockloop.sample;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application, talked to through real sockets on all three servers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sockloop.servers.echo.port=0", "sockloop.servers.upper.port=0",
				"sockloop.servers.frames.port=0", "sockloop.defaults.address=127.0.0.1" })
class SampleApplicationTests {

	@Value("${local.sockloop.echo.port}")
	private int echoPort;

	@Value("${local.sockloop.upper.port}")
	private int upperPort;

	@Value("${local.sockloop.frames.port}")
	private int framesPort;

	@LocalServerPort
	private int httpPort;

	@Test
	void echoServerShouldEchoBytes() throws IOException {
		try (Socket socket = connect(this.echoPort)) {
			byte[] payload = new byte[100_000];
			for (int i = 0; i < payload.length; i++) {
				payload[i] = (byte) (i * 31);
			}
			socket.getOutputStream().write(payload);
			assertThat(new DataInputStream(socket.getInputStream()).readNBytes(payload.length)).isEqualTo(payload);
		}
	}

	@Test
	void upperServerShouldUpperCaseEachLine() throws IOException {
		try (Socket socket = connect(this.upperPort)) {
			socket.getOutputStream().write("hello\r\nsockloop\n".getBytes(StandardCharsets.UTF_8));
			byte[] expected = "HELLO\nSOCKLOOP\n".getBytes(StandardCharsets.UTF_8);
			assertThat(new String(socket.getInputStream().readNBytes(expected.length), StandardCharsets.UTF_8))
				.isEqualTo("HELLO\nSOCKLOOP\n");
		}
	}

	@Test
	void framesServerShouldEchoLengthPrefixedFrames() throws IOException {
		try (Socket socket = connect(this.framesPort)) {
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			byte[] big = new byte[200_000];
			out.writeInt(3);
			out.write("abc".getBytes(StandardCharsets.US_ASCII));
			out.writeInt(big.length);
			out.write(big);
			out.flush();
			DataInputStream in = new DataInputStream(socket.getInputStream());
			assertThat(in.readInt()).isEqualTo(3);
			assertThat(in.readNBytes(3)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
			assertThat(in.readInt()).isEqualTo(big.length);
			assertThat(in.readNBytes(big.length)).isEqualTo(big);
		}
	}

	@Test
	void actuatorHealthShouldBeUpOverHttp() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"UP\"");
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket();
		socket.setSoTimeout(10_000);
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		return socket;
	}

}
