package dev.sockloop.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pausing and resuming accepting, and draining, in every accept mode: a paused server refuses
 * connection attempts while its open connections carry on, and listens again on the same address.
 */
abstract class PauseAcceptingTests {

	private static final byte[] HELLO = "hello".getBytes();

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@Test
	void aPausedReusePortServerRefusesConnectsKeepsItsConnectionsAndResumesOnTheSamePort() throws Exception {
		SocketServer server = echo(SocketServer.builder().acceptMode(AcceptMode.REUSE_PORT).loops(2));
		try (Socket open = Clients.connect(server.localAddress())) {
			assertThat(server.pauseAccepting()).isTrue();
			assertThat(server.pauseAccepting()).as("a second pause").isFalse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> Clients.connect(server.localAddress()));
			assertThat(echo(open)).isEqualTo(HELLO);
			assertThat(server.state()).isEqualTo(ServerState.DRAINING);
			assertThat(server.resumeAccepting()).isTrue();
			assertThat(server.state()).isEqualTo(ServerState.ACCEPTING);
			try (Socket again = Clients.connect(server.localAddress())) {
				assertThat(echo(again)).isEqualTo(HELLO);
			}
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
		assertThat(server.state()).isEqualTo(ServerState.STOPPED);
	}

	@Test
	void aConnectRightAfterPauseReturnsIsRefusedEveryTime() throws Exception {
		SocketServer server = echo(SocketServer.builder().loops(1));
		try {
			for (int i = 0; i < 20; i++) {
				server.pauseAccepting();
				assertThatExceptionOfType(ConnectException.class).as("connect after pause %d", i)
					.isThrownBy(() -> Clients.connect(server.localAddress()));
				server.resumeAccepting();
				try (Socket socket = Clients.connect(server.localAddress())) {
					assertThat(echo(socket)).isEqualTo(HELLO);
				}
			}
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void drainClosesWhatIsStillOpenAtTheTimeoutAndNothingOnceResumed() throws Exception {
		SocketServer server = echo(SocketServer.builder().loops(1));
		try (Socket first = Clients.connect(server.localAddress())) {
			assertThat(echo(first)).isEqualTo(HELLO);
			server.pauseAccepting();
			assertThat(server.drain(Duration.ofMillis(200))).isEqualTo(1);
			first.setSoTimeout(5000);
			assertThat(first.getInputStream().read()).isEqualTo(-1);
			Await.until(Duration.ofSeconds(5), () -> server.state() == ServerState.DRAINED, "drained");
			assertThat(server.stats().connectionsClosed(CloseReason.SHUTDOWN)).isEqualTo(1);
			server.resumeAccepting();
			try (Socket second = Clients.connect(server.localAddress())) {
				assertThat(echo(second)).isEqualTo(HELLO);
				assertThat(server.drain(Duration.ofMillis(1))).as("drain of an accepting server").isZero();
				assertThat(echo(second)).isEqualTo(HELLO);
			}
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void aPausedUnixSocketServerRemovesItsFileAndBindsItAgainOnResume(@TempDir Path dir) throws Exception {
		Path path = dir.resolve("echo.sock");
		SocketServer server = echo(SocketServer.builder().unixSocket(path).loops(1));
		try {
			assertThat(server.pauseAccepting()).isTrue();
			assertThat(Files.exists(path)).as("socket file while paused").isFalse();
			server.resumeAccepting();
			try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				channel.write(ByteBuffer.wrap(HELLO));
				ByteBuffer read = ByteBuffer.allocate(HELLO.length);
				while (read.hasRemaining() && channel.read(read) >= 0) {
				}
				assertThat(read.array()).isEqualTo(HELLO);
			}
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

	private SocketServer echo(SocketServerBuilder builder) {
		return builder.transport(transport()).name("paused").address("127.0.0.1")
			.handler((connection) -> connection.send(connection.receive())).start();
	}

	private static byte[] echo(Socket socket) throws IOException {
		socket.setSoTimeout(5000);
		socket.getOutputStream().write(HELLO);
		return socket.getInputStream().readNBytes(HELLO.length);
	}

}
