package dev.sockloop.server;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EchoTests {

	private SocketServer server;

	@BeforeEach
	void start() {
		this.server = SocketServer.builder().address("127.0.0.1").port(0).loops(2)
				.handler((connection) -> connection.send(connection.receive())).start();
	}

	@AfterEach
	void stop() {
		this.server.stop(Duration.ofSeconds(5));
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 63, 64 * 1024, 64 * 1024 + 1, 1024 * 1024, 8 * 1024 * 1024 })
	void echoesRandomPayloadByteForByte(int size) throws Exception {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			socket.setSoTimeout(20_000);
			Thread writer = new Thread(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					out.write(payload);
					socket.shutdownOutput();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			writer.start();
			byte[] echoed = new byte[size];
			new DataInputStream(socket.getInputStream()).readFully(echoed);
			InputStream in = socket.getInputStream();
			assertThat(in.read()).as("end of stream after the echo").isEqualTo(-1);
			writer.join(10_000);
			assertThat(echoed).isEqualTo(payload);
		}
	}

}
