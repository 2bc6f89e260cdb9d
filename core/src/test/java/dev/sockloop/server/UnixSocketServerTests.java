package dev.sockloop.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class UnixSocketServerTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@TempDir
	Path directory;

	@Test
	void echoesOverAUnixSocketAndRemovesTheFileOnStop() throws Exception {
		Path path = this.directory.resolve("echo.sock");
		AtomicReference<Object> remote = new AtomicReference<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("uds").unixSocket(path).loops(2).handler((connection) -> {
			remote.set(connection.remoteAddress());
			return connection.send(connection.receive());
		}).start();
		try {
			assertThat(server.boundAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
			assertThat(server.port()).isEqualTo(-1);
			for (int i = 0; i < 4; i++) {
				assertThat(echo(path, "hello " + i)).isEqualTo("hello " + i);
			}
			assertThat(remote.get()).isInstanceOf(UnixDomainSocketAddress.class);
			assertThat(server.stats().connectionsOpened()).isEqualTo(4);
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void replacesAStaleSocketFileLeftByADeadProcess() throws Exception {
		Path path = this.directory.resolve("stale.sock");
		// Bind and close without unlinking: what a killed process leaves behind.
		try (var channel = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(path));
		}
		assertThat(path).exists();
		SocketServer server = SocketServer.builder().transport(transport()).unixSocket(path).loops(1)
				.handler((connection) -> connection.send(connection.receive())).start();
		try {
			assertThat(echo(path, "after stale")).isEqualTo("after stale");
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void refusesAPathALiveServerListensOn() {
		Path path = this.directory.resolve("live.sock");
		SocketServer first = SocketServer.builder().transport(transport()).name("first").unixSocket(path).loops(1)
				.handler((connection) -> Flux.<Void>empty()).start();
		try {
			assertThatExceptionOfType(ServerStartException.class)
					.isThrownBy(() -> SocketServer.builder().transport(transport()).name("second").unixSocket(path).loops(1)
							.handler((connection) -> Flux.<Void>empty()).start())
					.withMessageContaining("second").withMessageContaining(path.toString())
					.withMessageContaining("another process is listening");
			assertThat(path).as("the live server's socket file is left alone").exists();
		}
		finally {
			first.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void refusesAPathThatIsNotASocket() throws Exception {
		Path path = Files.writeString(this.directory.resolve("not-a-socket"), "data");
		assertThatExceptionOfType(ServerStartException.class)
				.isThrownBy(() -> SocketServer.builder().transport(transport()).unixSocket(path).loops(1)
						.handler((connection) -> Flux.<Void>empty()).start())
				.withMessageContaining("is not a socket");
		assertThat(Files.readString(path)).isEqualTo("data");
	}

	@Test
	void aLiveSocketWhoseBacklogIsFullIsNeitherDeletedNorWaitedOn() throws Exception {
		Path path = this.directory.resolve("busy.sock");
		List<SocketChannel> queued = new ArrayList<>();
		try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			busy.bind(UnixDomainSocketAddress.of(path), 1);
			// Fill the accept queue: a blocking connect would now wait for the live server to accept.
			for (int i = 0; i < 8; i++) {
				SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
				queued.add(client);
				client.configureBlocking(false);
				try {
					client.connect(UnixDomainSocketAddress.of(path));
				}
				catch (IOException ex) {
					// The queue is full.
				}
			}
			CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(() -> {
				try {
					SocketServer.builder().transport(transport()).name("second").unixSocket(path).loops(1)
						.handler((connection) -> Flux.<Void>empty()).start().stop(Duration.ofSeconds(1));
					return null;
				}
				catch (Throwable ex) {
					return ex;
				}
			});
			Throwable failure = start.get(5, TimeUnit.SECONDS);
			assertThat(failure).isInstanceOf(ServerStartException.class).hasMessageContaining("second")
				.hasMessageContaining(path.toString());
			assertThat(isSocket(path)).as("the live server's socket file is left alone").isTrue();
		}
		finally {
			for (SocketChannel client : queued) {
				client.close();
			}
		}
	}

	@Test
	void refusesASymbolicLinkAndLeavesBothTheLinkAndItsTarget() throws Exception {
		Path target = this.directory.resolve("target.sock");
		try (ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.bind(UnixDomainSocketAddress.of(target));
		}
		Path link = Files.createSymbolicLink(this.directory.resolve("link.sock"), target);
		assertThatExceptionOfType(ServerStartException.class)
			.isThrownBy(() -> SocketServer.builder().transport(transport()).unixSocket(link).loops(1)
				.handler((connection) -> Flux.<Void>empty()).start())
			.withMessageContaining(link.toString()).withMessageContaining("is not a socket");
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(isSocket(target)).isTrue();
	}

	@Test
	void refusesADirectoryAtThePath() throws Exception {
		Path path = Files.createDirectory(this.directory.resolve("dir.sock"));
		assertThatExceptionOfType(ServerStartException.class)
			.isThrownBy(() -> SocketServer.builder().transport(transport()).unixSocket(path).loops(1)
				.handler((connection) -> Flux.<Void>empty()).start())
			.withMessageContaining(path.toString()).withMessageContaining("is not a socket");
		assertThat(path).isDirectory();
	}

	@Test
	void stopLeavesASocketFileThatAnotherProcessPutInItsPlace() throws Exception {
		Path path = this.directory.resolve("replaced.sock");
		SocketServer server = SocketServer.builder().transport(transport()).unixSocket(path).loops(1)
			.handler((connection) -> Flux.<Void>empty()).start();
		try (ServerSocketChannel successor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			// What a second instance does when an operator removes the file of a running one.
			Files.delete(path);
			successor.bind(UnixDomainSocketAddress.of(path));
			server.stop(Duration.ofSeconds(5));
			assertThat(isSocket(path)).as("the successor's socket file survives the stop").isTrue();
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
				assertThat(successor.accept()).isNotNull();
			}
		}
	}

	@Test
	void appliesTheConfiguredPermissionsToTheSocketFile() throws Exception {
		Path path = this.directory.resolve("private.sock");
		SocketServer server = SocketServer.builder().transport(transport()).unixSocket(path)
			.unixSocketPermissions("rw-rw----").loops(1)
			.handler((connection) -> connection.send(connection.receive())).start();
		try {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)))
				.isEqualTo("rw-rw----");
			assertThat(echo(path, "still reachable")).isEqualTo("still reachable");
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void rejectsPermissionsThatAreNotAnRwxString() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> SocketServer.builder().unixSocketPermissions("0660"))
			.withMessageContaining("0660");
	}

	private static boolean isSocket(Path path) throws IOException {
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return (mode & 0170000) == 0140000;
	}

	@Test
	void aFailedStartLeavesTheListeningFdToTheLoopSoAReusedFdNumberIsNotClosed() throws Exception {
		Path path = this.directory.resolve("interrupted.sock");
		EventLoopGroup group = new EventLoopGroup(1, "uds-failed-start-", transport());
		CountDownLatch loopBlocked = new CountDownLatch(1);
		List<Integer> victims = new ArrayList<>();
		try {
			group.loop(0).execute(() -> {
				try {
					loopBlocked.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			// Once the start has failed and queued its work behind the blocked task, another part of the
			// process opens sockets, which take the lowest free fd numbers; then the loop runs.
			Thread opener = new Thread(() -> {
				Await.until(Duration.ofSeconds(10), () -> group.loop(0).pendingTasks() >= 2,
						"the failed start queued its registration and its close");
				for (int i = 0; i < 4; i++) {
					victims.add(Sockets.newStreamSocket(new InetSocketAddress("127.0.0.1", 0)));
				}
				loopBlocked.countDown();
			});
			opener.start();
			Thread.currentThread().interrupt();
			try {
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> SocketServer.builder()
					.transport(transport()).name("interrupted").unixSocket(path).loopGroup(group)
					.handler((connection) -> Flux.<Void>empty()).start());
			}
			finally {
				Thread.interrupted();
			}
			opener.join(15_000);
			CompletableFuture<Void> drained = new CompletableFuture<>();
			group.loop(0).execute(() -> drained.complete(null));
			drained.get(10, TimeUnit.SECONDS);
			assertThat(victims).hasSize(4);
			assertThat(victims).as("fds opened after the failed start are still open")
				.allMatch((fd) -> Files.exists(Path.of("/proc/self/fd/" + fd), LinkOption.NOFOLLOW_LINKS));
		}
		finally {
			loopBlocked.countDown();
			victims.forEach(Sockets::close);
			group.close(Duration.ofSeconds(5));
		}
	}

	private static String echo(Path path, String text) throws Exception {
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(path));
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			client.write(ByteBuffer.wrap(bytes));
			client.shutdownOutput();
			ByteBuffer received = ByteBuffer.allocate(bytes.length + 1);
			while (client.read(received) >= 0) {
				assertThat(received.position()).isLessThanOrEqualTo(bytes.length);
			}
			return new String(received.array(), 0, received.position(), StandardCharsets.UTF_8);
		}
	}

}
