package dev.sockloop.autoconfigure;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SocketHandlerUnixSocketTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1");

	@TempDir
	Path directory;

	@Test
	void runWithPathShouldServeOnAUnixSocketAndRemoveItOnClose() {
		Path path = this.directory.resolve("echo.sock");
		this.contextRunner.withUserConfiguration(Echo.class)
			.withPropertyValues("sockloop.servers.echo.path=" + path)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getEnvironment().getProperty("local.sockloop.echo.path")).isEqualTo(path.toString());
				try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
					client.connect(UnixDomainSocketAddress.of(path));
					client.write(ByteBuffer.wrap("over a unix socket".getBytes(StandardCharsets.UTF_8)));
					client.shutdownOutput();
					ByteBuffer reply = ByteBuffer.allocate(64);
					while (client.read(reply) >= 0) {
						assertThat(reply.hasRemaining()).isTrue();
					}
					assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.UTF_8))
						.isEqualTo("over a unix socket");
				}
			});
		assertThat(path).doesNotExist();
	}

	@Test
	void runWithPathPermissionsShouldApplyThemToTheSocketFile() {
		Path path = this.directory.resolve("private.sock");
		this.contextRunner.withUserConfiguration(Echo.class)
			.withPropertyValues("sockloop.servers.echo.path=" + path, "sockloop.servers.echo.path-permissions=rw-rw----")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)))
					.isEqualTo("rw-rw----");
			});
	}

	@SocketHandler(name = "echo")
	static class Echo {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
