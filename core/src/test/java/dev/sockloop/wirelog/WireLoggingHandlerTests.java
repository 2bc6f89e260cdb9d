package dev.sockloop.wirelog;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sockloop.server.SocketServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WireLoggingHandlerTests {

	@Test
	void hexDumpShowsOffsetBytesAndPrintableCharacters() {
		String dump = WireDump.render(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)), WireLogFormat.HEX);
		assertThat(dump).contains("00000000  68 65 6c 6c 6f 0a").contains("hello.");
	}

	@Test
	void textDumpEscapesControlCharactersAndLeavesPositionAlone() {
		ByteBuffer buffer = ByteBuffer.wrap("a\r\n\u0001".getBytes(StandardCharsets.UTF_8));
		assertThat(WireDump.render(buffer, WireLogFormat.TEXT)).isEqualTo("a\\r\\n\\x01");
		assertThat(buffer.position()).isZero();
	}

	@Test
	void dumpIsBoundedForLargeBuffers() {
		String dump = WireDump.render(ByteBuffer.allocate(WireDump.MAX_BYTES + 10), WireLogFormat.TEXT);
		assertThat(dump).endsWith("... 10 more bytes");
	}

	@Test
	void serverWithWireLogLogsBothDirectionsAndStillEchoes() throws Exception {
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		SocketServer server = SocketServer.builder().name("wiretest").address("127.0.0.1").port(0).loops(1)
				.wireLog(WireLogFormat.TEXT).handler((connection) -> connection.send(connection.receive())).start();
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			client.setSoTimeout(5000);
			client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
			byte[] echoed = new byte[5];
			new DataInputStream(client.getInputStream()).readFully(echoed);
			assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo("ping\n");
		}
		finally {
			server.stop(Duration.ofSeconds(5));
			System.setErr(originalErr);
		}
		String log = captured.toString(StandardCharsets.UTF_8);
		assertThat(log).contains("READ 5 bytes: ping\\n").contains("WRITE 5 bytes: ping\\n").contains("OPEN");
	}

	@Test
	void serverWithoutWireLogNeverLogsPayloads() throws Exception {
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		SocketServer server = SocketServer.builder().name("wiretest").address("127.0.0.1").port(0).loops(1)
				.handler((connection) -> connection.send(connection.receive())).start();
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			client.setSoTimeout(5000);
			client.getOutputStream().write("secret\n".getBytes(StandardCharsets.US_ASCII));
			new DataInputStream(client.getInputStream()).readFully(new byte[7]);
		}
		finally {
			server.stop(Duration.ofSeconds(5));
			System.setErr(originalErr);
		}
		assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("secret");
	}

	@Test
	void serverWithWireLogNoneWritesNoWireLogLines() throws Exception {
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		SocketServer server = SocketServer.builder().name("wiretest").address("127.0.0.1").port(0).loops(1)
				.wireLog(WireLogFormat.NONE).handler((connection) -> connection.send(connection.receive())).start();
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
			client.setSoTimeout(5000);
			client.getOutputStream().write("secret\n".getBytes(StandardCharsets.US_ASCII));
			new DataInputStream(client.getInputStream()).readFully(new byte[7]);
		}
		finally {
			server.stop(Duration.ofSeconds(5));
			System.setErr(originalErr);
		}
		long wireLogLines = captured.toString(StandardCharsets.UTF_8).lines()
				.filter((line) -> line.contains("dev.sockloop.wire.wiretest"))
				.count();
		assertThat(wireLogLines).isZero();
		assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("secret");
	}

	@Test
	void noneIsNotAFormatAHandlerRenders() {
		assertThatIllegalArgumentException()
				.isThrownBy(() -> new WireLoggingHandler("none", WireLogFormat.NONE, (connection) -> connection.receive().then()));
	}

}
