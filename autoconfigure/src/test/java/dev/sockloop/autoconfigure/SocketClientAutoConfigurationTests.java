package dev.sockloop.autoconfigure;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import dev.sockloop.autoconfigure.metrics.SocketClientMeterBinder;
import dev.sockloop.autoconfigure.metrics.SockloopMetricsAutoConfiguration;
import dev.sockloop.client.ExchangeCodec;
import dev.sockloop.client.ExchangeConnection;
import dev.sockloop.client.SocketClient;
import dev.sockloop.connection.Connection;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.core.instrument.MeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class SocketClientAutoConfigurationTests {

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1");

	@BeforeAll
	static void generateCertificates() throws Exception {
		certificates = TestCertificates.generate(certificateDirectory);
	}

	@Test
	void runWithClientPropertiesShouldFrameExchangesAndCloseIdleConnections() {
		this.contextRunner.withUserConfiguration(Shout.class)
			.withPropertyValues("sockloop.servers.shout.port=0", "sockloop.servers.shout.codec=line",
					"sockloop.client.codec=line", "sockloop.client.max-frame-length=1KB",
					"sockloop.client.idle-timeout=300ms", "sockloop.client.exchange-timeout=5s")
			.run((context) -> {
				SocketClient client = context.getBean(SocketClient.class);
				ExchangeConnection<String, String> exchanges = client
					.connectExchange(shoutAddress(context), ExchangeCodec.text(client.textCodec()))
					.block(Duration.ofSeconds(5));
				assertThat(exchanges.exchange("one").block(Duration.ofSeconds(5))).isEqualTo("ONE");
				assertThat(exchanges.exchange("two").block(Duration.ofSeconds(5))).isEqualTo("TWO");
				assertThat(client.codec().maxFrameLength()).isEqualTo(1024);
				Awaitility.await()
					.atMost(Duration.ofSeconds(5))
					.until(() -> client.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
			});
	}

	@Test
	void runWithClientSslBundleShouldSpeakTlsToATlsServer() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withUserConfiguration(Shout.class)
			.withPropertyValues("sockloop.servers.shout.port=0", "sockloop.servers.shout.ssl.bundle=server",
					"spring.ssl.bundle.jks.server.keystore.location=file:" + certificates.serverKeyStore,
					"spring.ssl.bundle.jks.server.keystore.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.server.keystore.type=PKCS12",
					"spring.ssl.bundle.jks.server.key.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.client.truststore.location=file:" + certificates.clientTrustStore,
					"spring.ssl.bundle.jks.client.truststore.password=" + TestCertificates.PASSWORD,
					"spring.ssl.bundle.jks.client.truststore.type=PKCS12", "sockloop.client.ssl.bundle=client",
					"sockloop.client.ssl.handshake-timeout=5s")
			.run((context) -> {
				SocketClient client = context.getBean(SocketClient.class);
				Connection connection = client.connect(shoutAddress(context)).block(Duration.ofSeconds(5));
				Mono<String> reply = connection.receive()
					.map((buffer) -> StandardCharsets.UTF_8.decode(buffer).toString())
					.next();
				connection.send(Mono.just(ByteBuffer.wrap("secret".getBytes(StandardCharsets.UTF_8)))).subscribe();
				assertThat(reply.block(Duration.ofSeconds(5))).isEqualTo("SECRET");
				assertThat(client.tlsStats().orElseThrow().handshakesCompleted()).isEqualTo(1);
				connection.close();
			});
	}

	@Test
	void runWithMissingClientSslBundleShouldFailNamingTheProperty() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues("sockloop.client.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sockloop.client.ssl.bundle")
				.hasMessageContaining("'missing'"));
	}

	@Test
	void runWithLengthFieldSizeOutOfRangeShouldFailNamingTheProperty() {
		this.contextRunner.withPropertyValues("sockloop.client.codec=length-field", "sockloop.client.length-field-size=3")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("sockloop.client.length-field-size must be 1, 2, 4 or 8, was 3"));
	}

	@Test
	void runWithMeterRegistryShouldBindClientMeters() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, SockloopMetricsAutoConfiguration.class))
			.withUserConfiguration(Shout.class)
			.withPropertyValues("sockloop.servers.shout.port=0")
			.run((context) -> {
				assertThat(context).hasSingleBean(SocketClientMeterBinder.class);
				SocketClient client = context.getBean(SocketClient.class);
				Connection connection = client.connect(shoutAddress(context)).block(Duration.ofSeconds(5));
				connection.send(Mono.just(ByteBuffer.wrap("hey".getBytes(StandardCharsets.UTF_8))))
					.block(Duration.ofSeconds(5));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("sockloop.client.connections.opened").tag("client", "client").functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("sockloop.client.connections.active").gauge().value()).isEqualTo(1);
				assertThat(registry.get("sockloop.client.bytes.sent").functionCounter().count()).isEqualTo(3);
				assertThat(registry.get("sockloop.client.connect.failures").functionCounter().count()).isZero();
				assertThat(registry.find("sockloop.client.connections.closed").functionCounters()).isNotEmpty();
				assertThat(registry.find("sockloop.client.tls.handshakes").functionCounters()).isEmpty();
				connection.close();
			});
	}

	private static InetSocketAddress shoutAddress(ApplicationContext context) {
		return new InetSocketAddress("127.0.0.1",
				context.getEnvironment().getProperty("local.sockloop.shout.port", Integer.class));
	}

	@Test
	void runShouldProvideAClientOnTheServersLoopsThatReachesAServer() {
		this.contextRunner.withUserConfiguration(Shout.class)
			.withPropertyValues("sockloop.servers.shout.port=0", "sockloop.client.connect-timeout=2s")
			.run((context) -> {
				assertThat(context).hasSingleBean(SocketClient.class);
				assertThat(context.getBean(SocketClient.class).stats().loops())
					.hasSize(context.getBean(EventLoopGroup.class).size());
				int port = context.getEnvironment().getProperty("local.sockloop.shout.port", Integer.class);
				Connection connection = context.getBean(SocketClient.class)
					.connect(new InetSocketAddress("127.0.0.1", port))
					.block(Duration.ofSeconds(5));
				Mono<String> reply = connection.receive()
					.map((buffer) -> StandardCharsets.UTF_8.decode(buffer).toString())
					.next();
				connection.send(Mono.just(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)))).subscribe();
				assertThat(reply.block(Duration.ofSeconds(5))).isEqualTo("HI");
				connection.close();
			});
	}

	@Test
	void runWithUserClientShouldBackOff() {
		this.contextRunner.withBean("myClient", SocketClient.class, () -> SocketClient.builder().build(),
				(definition) -> definition.setDestroyMethodName("close"))
			.run((context) -> assertThat(context).hasSingleBean(SocketClient.class).hasBean("myClient"));
	}

	@SocketHandler(name = "shout")
	static class Shout {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound.map((buffer) -> ByteBuffer.wrap(StandardCharsets.UTF_8.decode(buffer)
				.toString()
				.toUpperCase(java.util.Locale.ROOT)
				.getBytes(StandardCharsets.UTF_8)));
		}

	}

}
