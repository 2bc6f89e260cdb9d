package dev.sockloop.autoconfigure;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.jayway.jsonpath.JsonPath;
import dev.sockloop.codec.TextCodec.MalformedInputPolicy;
import dev.sockloop.connection.Connection;
import dev.sockloop.internal.server.ServerConfig;
import dev.sockloop.server.AcceptMode;
import dev.sockloop.server.SocketServer;
import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.spring.SocketServerCustomizer;
import dev.sockloop.spring.SocketServerStartedEvent;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SockloopAutoConfiguration}.
 */
class SockloopAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
		.withPropertyValues("sockloop.loops=2", "sockloop.defaults.address=127.0.0.1",
				"sockloop.defaults.shutdown-timeout=5s");

	@Test
	void runShouldCreateLoopGroupAndServerRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(EventLoopGroup.class).hasSingleBean(SocketServers.class);
			assertThat(context.getBean(EventLoopGroup.class).size()).isEqualTo(2);
			assertThat(context.getBean(SocketServers.class).names()).isEmpty();
		});
	}

	@Test
	void runShouldUseEpollWhereAvailableByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(EventLoopGroup.class).transport())
			.isEqualTo(dev.sockloop.transport.Transport.EPOLL));
	}

	@Test
	void runWithNioTransportShouldServeHandlersOnNioLoops() {
		this.contextRunner.withPropertyValues("sockloop.transport=nio")
			.run((context) -> assertThat(context.getBean(EventLoopGroup.class).transport())
				.isEqualTo(dev.sockloop.transport.Transport.NIO));
	}

	@Test
	void runWhenDisabledShouldNotCreateLoopGroup() {
		this.contextRunner.withPropertyValues("sockloop.enabled=false")
			.withUserConfiguration(EchoHandler.class)
			.run((context) -> assertThat(context).doesNotHaveBean(EventLoopGroup.class)
				.doesNotHaveBean(SocketServers.class));
	}

	@Test
	void runWhenEngineIsNotOnClassPathShouldBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(EventLoopGroup.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SocketServers.class));
	}

	@Test
	void runWithUserLoopGroupShouldUseIt() {
		this.contextRunner.withUserConfiguration(UserLoopGroupConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(EventLoopGroup.class);
			assertThat(context.getBean(EventLoopGroup.class).size()).isEqualTo(1);
		});
	}

	@Test
	void closeShouldCloseLoopGroup() {
		this.contextRunner.run((context) -> {
			EventLoopGroup group = context.getBean(EventLoopGroup.class);
			assertThat(group.isRunning()).isTrue();
			context.close();
			assertThat(group.isRunning()).isFalse();
		});
	}

	@Test
	void runShouldBindEveryServerProperty() {
		this.contextRunner.withPropertyValues("sockloop.servers.chat.port=7000", "sockloop.servers.chat.address=::1",
				"sockloop.servers.chat.backlog=16", "sockloop.servers.chat.codec=delimiter",
				"sockloop.servers.chat.delimiter=;;", "sockloop.servers.chat.frame-length=12B",
				"sockloop.servers.chat.length-field-size=2", "sockloop.servers.chat.length-adjustment=-2",
				"sockloop.servers.chat.max-frame-length=1KB", "sockloop.servers.chat.charset=ISO-8859-1",
				"sockloop.servers.chat.malformed-input=close", "sockloop.servers.chat.reuse-port=false",
				"sockloop.servers.chat.tcp-no-delay=false", "sockloop.servers.chat.keep-alive=true",
				"sockloop.servers.chat.write-high-water-mark=128KB", "sockloop.servers.chat.write-low-water-mark=8KB",
				"sockloop.servers.chat.shutdown-timeout=3s", "sockloop.servers.chat.max-connections=50",
				"sockloop.servers.chat.idle-timeout=1m")
			.run((context) -> {
				SockloopProperties.Server chat = context.getBean(SockloopProperties.class).getServers().get("chat");
				assertThat(chat.getPort()).isEqualTo(7000);
				assertThat(chat.getAddress()).isEqualTo(InetAddress.getByName("::1"));
				assertThat(chat.getBacklog()).isEqualTo(16);
				assertThat(chat.getCodec()).isEqualTo("delimiter");
				assertThat(chat.getDelimiter()).isEqualTo(";;");
				assertThat(chat.getFrameLength()).isEqualTo(DataSize.ofBytes(12));
				assertThat(chat.getLengthFieldSize()).isEqualTo(2);
				assertThat(chat.getLengthAdjustment()).isEqualTo(-2);
				assertThat(chat.getMaxFrameLength()).isEqualTo(DataSize.ofKilobytes(1));
				assertThat(chat.getCharset()).isEqualTo(StandardCharsets.ISO_8859_1);
				assertThat(chat.getMalformedInput()).isEqualTo(MalformedInputPolicy.CLOSE);
				assertThat(chat.isReusePort()).isFalse();
				assertThat(chat.isTcpNoDelay()).isFalse();
				assertThat(chat.isKeepAlive()).isTrue();
				assertThat(chat.getWriteHighWaterMark()).isEqualTo(DataSize.ofKilobytes(128));
				assertThat(chat.getWriteLowWaterMark()).isEqualTo(DataSize.ofKilobytes(8));
				assertThat(chat.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(chat.getMaxConnections()).isEqualTo(50);
				assertThat(chat.getIdleTimeout()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void runShouldHaveDocumentedDefaults() {
		this.contextRunner.run((context) -> {
			SockloopProperties properties = context.getBean(SockloopProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			SockloopProperties.Server defaults = new SockloopProperties.Server();
			assertThat(defaults.getPort()).isNull();
			assertThat(defaults.getCodec()).isNull();
			assertThat(defaults.getBacklog()).isEqualTo(1024);
			assertThat(defaults.getMaxFrameLength()).isEqualTo(DataSize.ofKilobytes(64));
			assertThat(defaults.getCharset()).isEqualTo(StandardCharsets.UTF_8);
			assertThat(defaults.getMalformedInput()).isEqualTo(MalformedInputPolicy.REPLACE);
			assertThat(defaults.isReusePort()).isTrue();
			assertThat(defaults.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
		});
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SockloopAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(SockloopProperties.class).getLoops())
				.isEqualTo(Runtime.getRuntime().availableProcessors()));
	}

	@Test
	void runShouldApplyServerSettingsOverDefaultsToTheEngine() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.defaults.max-connections=5", "sockloop.defaults.backlog=64",
					"sockloop.servers.echo.port=0", "sockloop.servers.echo.max-connections=7",
					"sockloop.servers.echo.reuse-port=false", "sockloop.servers.echo.tcp-no-delay=false",
					"sockloop.servers.echo.keep-alive=true", "sockloop.servers.echo.write-high-water-mark=128KB",
					"sockloop.servers.echo.write-low-water-mark=16KB", "sockloop.servers.echo.idle-timeout=90s")
			.run((context) -> {
				ServerConfig config = context.getBean(SocketServers.class).get("echo").config();
				assertThat(config.maxConnections()).isEqualTo(7);
				assertThat(config.backlog()).isEqualTo(64);
				assertThat(config.bindAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
				assertThat(config.acceptMode()).isEqualTo(AcceptMode.SINGLE_ACCEPTOR);
				assertThat(config.tcpNoDelay()).isFalse();
				assertThat(config.keepAlive()).isTrue();
				assertThat(config.writeHighWaterMark()).isEqualTo(128 * 1024);
				assertThat(config.writeLowWaterMark()).isEqualTo(16 * 1024);
				assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
			});
	}

	@Test
	void runWithHandlerClassShouldServeOnPortPublishedInEnvironment() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.servers.echo.port=0")
			.run((context) -> {
				Integer port = context.getEnvironment().getProperty("local.sockloop.echo.port", Integer.class);
				assertThat(port).isPositive();
				assertThat(context.getBean(SocketServers.class).get("echo").port()).isEqualTo(port);
				try (TestClient client = TestClient.connect(port)) {
					assertThat(client.write("hello").readText(5)).isEqualTo("hello");
				}
			});
	}

	@Test
	void runWithHandlerMethodsShouldStartOneServerPerMethod() {
		this.contextRunner.withUserConfiguration(TwoHandlerMethods.class)
			.withPropertyValues("sockloop.servers.shout.port=0", "sockloop.servers.greet.port=0")
			.run((context) -> {
				assertThat(context.getBean(SocketServers.class).names()).containsExactlyInAnyOrder("shout", "greet");
				int shout = context.getEnvironment().getProperty("local.sockloop.shout.port", Integer.class);
				int greet = context.getEnvironment().getProperty("local.sockloop.greet.port", Integer.class);
				try (TestClient client = TestClient.connect(shout)) {
					assertThat(client.write("abc\n").readText(4)).isEqualTo("ABC\n");
				}
				try (TestClient client = TestClient.connect(greet)) {
					assertThat(new String(client.readToEnd(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
				}
			});
	}

	@Test
	void runWithCamelCaseServerNameShouldBindItsPropertiesAndStart() {
		this.contextRunner.withUserConfiguration(CamelCaseHandlerMethod.class)
			.withPropertyValues("sockloop.servers.orderEvents.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SocketServers.class).names()).containsExactly("orderEvents");
				assertThat(context.getEnvironment().getProperty("local.sockloop.orderEvents.port", Integer.class))
					.isPositive();
			});
	}

	@Test
	void runWithByteArrayHandlerAndConnectionParameterShouldPassBoth() {
		this.contextRunner.withUserConfiguration(ConnectionAwareHandler.class)
			.withPropertyValues("sockloop.servers.whoami.port=0")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.whoami.port", Integer.class);
				try (TestClient client = TestClient.connect(port)) {
					client.write("x");
					assertThat(client.readText(7)).isEqualTo("whoami:");
				}
			});
	}

	@Test
	void runWithMonoVoidHandlerShouldCloseOnCompletion() {
		this.contextRunner.withUserConfiguration(CompletionHandler.class)
			.withPropertyValues("sockloop.servers.sink.port=0")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.sink.port", Integer.class);
				try (TestClient client = TestClient.connect(port)) {
					client.write("ignored");
					client.shutdownOutput();
					assertThat(client.readToEnd()).isEmpty();
				}
			});
	}

	@Test
	void runWithAnnotationPortShouldResolvePlaceholders() {
		this.contextRunner.withUserConfiguration(AnnotatedPortHandler.class)
			.withPropertyValues("test.port=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getEnvironment().getProperty("local.sockloop.annotated.port", Integer.class))
					.isPositive();
			});
	}

	@Test
	void runWithPropertyPortShouldOverrideAnnotationPort() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.contextRunner.withUserConfiguration(AnnotatedPortHandler.class)
				.withPropertyValues("test.port=" + taken.getLocalPort(), "sockloop.servers.annotated.port=0")
				.run((context) -> assertThat(context.getBean(SocketServers.class).get("annotated").port())
					.isNotEqualTo(taken.getLocalPort()));
		}
	}

	@Test
	void runWithoutPortShouldFailNamingServer() {
		this.contextRunner.withUserConfiguration(EchoHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("'echo'")
				.hasMessageContaining("sockloop.servers.echo.port");
		});
	}

	@Test
	void failsToStartWhenAServerIsConfiguredWithoutAHandler() {
		this.contextRunner.withUserConfiguration(TwoHandlerMethods.class)
			.withPropertyValues("sockloop.servers.shout.port=0", "sockloop.servers.greet.port=0",
					"sockloop.servers.ehco.port=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("'ehco'")
					.hasMessageContaining("sockloop.servers.ehco")
					.hasMessageContaining("greet")
					.hasMessageContaining("shout");
			});
	}

	@Test
	void startsWhenServerSettingsNameTheHandlerInAnotherForm() {
		this.contextRunner.withUserConfiguration(CamelCaseHandlerMethod.class)
			.withPropertyValues("sockloop.servers.order-events.port=0", "sockloop.servers.order-events.backlog=12")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(SocketServers.class).get("orderEvents").config().backlog()).isEqualTo(12);
			});
	}

	@Test
	void aServerInheritsFromDefaultsOnlyWhatItDoesNotSet() {
		this.contextRunner
			.withPropertyValues("sockloop.defaults.backlog=64", "sockloop.defaults.keep-alive=true",
					"sockloop.defaults.ssl.bundle=shared", "sockloop.servers.chat.backlog=1024",
					"sockloop.servers.chat.ssl.client-auth=need")
			.run((context) -> {
				SockloopProperties properties = context.getBean(SockloopProperties.class);
				SockloopProperties.Server chat = properties.settingsOf("chat");
				assertThat(chat.getBacklog()).isEqualTo(1024);
				assertThat(chat.isKeepAlive()).isTrue();
				assertThat(chat.getSsl().getBundle()).isEqualTo("shared");
				assertThat(chat.getSsl().getClientAuth()).isEqualTo(dev.sockloop.tls.ClientAuth.NEED);
				SockloopProperties.Server other = properties.settingsOf("other");
				assertThat(other.getBacklog()).isEqualTo(64);
				assertThat(other.getSsl().getClientAuth()).isEqualTo(dev.sockloop.tls.ClientAuth.NONE);
			});
	}

	@Test
	void runShouldPublishStartedEvent() {
		this.contextRunner.withUserConfiguration(EchoHandler.class, StartedEvents.class)
			.withPropertyValues("sockloop.servers.echo.port=0")
			.run((context) -> {
				List<SocketServerStartedEvent> events = context.getBean(StartedEvents.class).events;
				assertThat(events).hasSize(1);
				assertThat(events.get(0).getServerName()).isEqualTo("echo");
				assertThat(events.get(0).getPort())
					.isEqualTo(context.getEnvironment().getProperty("local.sockloop.echo.port", Integer.class));
			});
	}

	@Test
	void runShouldApplyCustomizersInOrder() {
		this.contextRunner.withUserConfiguration(EchoHandler.class, CustomizerConfiguration.class)
			.withPropertyValues("sockloop.servers.echo.port=0", "sockloop.servers.echo.max-connections=100")
			.run((context) -> {
				assertThat(context.getBean(SocketServers.class).get("echo").config().maxConnections()).isEqualTo(2);
				assertThat(context.getBean(CustomizerConfiguration.class).customized).containsExactly("first:echo",
						"second:echo");
			});
	}

	@Test
	void closeShouldStopServers() {
		this.contextRunner.withUserConfiguration(EchoHandler.class)
			.withPropertyValues("sockloop.servers.echo.port=0")
			.run((context) -> {
				SocketServers servers = context.getBean(SocketServers.class);
				SocketServer echo = servers.get("echo");
				assertThat(echo.isRunning()).isTrue();
				context.close();
				assertThat(echo.isRunning()).isFalse();
				assertThat(servers.names()).isEmpty();
			});
	}

	@Test
	void runWhenPortInUseShouldFailNamingServerAddressAndPort() throws Exception {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress("127.0.0.1", 0));
			int port = taken.getLocalPort();
			this.contextRunner.withUserConfiguration(EchoHandler.class)
				.withPropertyValues("sockloop.servers.echo.port=" + port)
				.run((context) -> {
					assertThat(context).hasFailed();
					SocketServerStartException failure = findCause(context.getStartupFailure(),
							SocketServerStartException.class);
					assertThat(failure).isNotNull();
					assertThat(failure.getMessage()).contains("'echo'").contains("127.0.0.1:" + port);
					FailureAnalysis analysis = new SocketServerStartFailureAnalyzer().analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains("'echo'")
						.contains(String.valueOf(port))
						.contains("already in use");
					assertThat(analysis.getAction()).contains("sockloop.servers.echo.port");
				});
		}
	}

	@Test
	void epollUnavailableFailureShouldBeAnalyzed() {
		EpollUnavailableException exception = new EpollUnavailableException(
				new IllegalStateException("Sockloop needs Linux epoll, but this is Mac OS X."));
		FailureAnalysis analysis = new EpollUnavailableFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", exception));
		assertThat(analysis.getDescription()).isEqualTo("Sockloop needs Linux epoll, but this is Mac OS X.");
		assertThat(analysis.getAction()).contains("sockloop.enabled=false");
	}

	@Test
	void runWithTwoHandlersOfTheSameNameShouldFail() {
		this.contextRunner.withUserConfiguration(EchoHandler.class, DuplicateEcho.class)
			.withPropertyValues("sockloop.servers.echo.port=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("named 'echo'")
					.hasMessageContaining("DuplicateEcho.echo");
			});
	}

	@Test
	void runWithHandlerClassDeclaringTwoMethodsShouldFail() {
		this.contextRunner.withUserConfiguration(TwoMethodClassHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining(TwoMethodClassHandler.class.getName())
				.hasMessageContaining("exactly one");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "requestAndFlux", "monoParameter", "extraParameter", "returnsString", "rawFlux" })
	void runWithInvalidHandlerSignatureShouldFailNamingMethod(String methodName) {
		this.contextRunner.withUserConfiguration(InvalidHandlers.class)
			.withPropertyValues("invalid.handler=" + methodName)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Invalid @SocketHandler method")
					.hasMessageContaining(InvalidHandlers.class.getName() + "$" + methodName.substring(0, 1).toUpperCase()
							+ methodName.substring(1) + "." + methodName + "(")
					.hasMessageContaining("Accepted shapes");
			});
	}

	@Test
	void metadataShouldDescribeEveryProperty() throws Exception {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).isNotNull();
			Object json = JsonPath.parse(metadata).json();
			List<Map<String, Object>> properties = JsonPath.read(json, "$.properties[*]");
			assertThat(properties).extracting((property) -> property.get("name"))
				.contains("sockloop.enabled", "sockloop.loops", "sockloop.servers", "sockloop.defaults.port",
						"sockloop.defaults.max-frame-length", "sockloop.defaults.shutdown-timeout");
			assertThat(properties).hasSizeGreaterThanOrEqualTo(22).allSatisfy((property) -> {
				assertThat(property.get("description")).as("description of %s", property.get("name"))
					.isInstanceOf(String.class);
				String description = (String) property.get("description");
				assertThat(description).as("description of %s", property.get("name"))
					.isNotBlank()
					.doesNotStartWith("The ")
					.doesNotStartWith("A ");
				if ("java.lang.Boolean".equals(property.get("type"))) {
					assertThat(description).as("description of %s", property.get("name")).startsWith("Whether");
				}
			});
		}
	}

	static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return type.cast(t);
			}
		}
		return null;
	}

	@Component
	static class CamelCaseHandlerMethod {

		@SocketHandler
		Flux<ByteBuffer> orderEvents(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	@SocketHandler(name = "echo")
	static class EchoHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	@Component
	static class DuplicateEcho {

		@SocketHandler
		Flux<ByteBuffer> echo(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	@SocketHandler(name = "annotated", port = "${test.port}")
	static class AnnotatedPortHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

	@Component
	static class TwoHandlerMethods {

		@SocketHandler(codec = Codec.LINE)
		Flux<String> shout(Flux<String> lines) {
			return lines.map(String::toUpperCase);
		}

		@SocketHandler(codec = Codec.LINE)
		Mono<String> greet() {
			return Mono.just("hello");
		}

	}

	@SocketHandler(name = "whoami")
	static class ConnectionAwareHandler {

		Flux<byte[]> handle(Connection connection, Flux<byte[]> inbound) {
			return inbound.take(1).map((bytes) -> (connection.serverName() + ":").getBytes(StandardCharsets.UTF_8));
		}

	}

	@SocketHandler(name = "sink")
	static class CompletionHandler {

		Mono<Void> handle(Flux<ByteBuffer> inbound) {
			return inbound.then();
		}

	}

	@SocketHandler(name = "two")
	static class TwoMethodClassHandler {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

		void helper() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLoopGroupConfiguration {

		@Bean
		EventLoopGroup userLoopGroup() {
			return new EventLoopGroup(1, "user-loop-");
		}

	}

	@Component
	static class StartedEvents implements ApplicationListener<SocketServerStartedEvent> {

		final List<SocketServerStartedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(SocketServerStartedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> customized = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		SocketServerCustomizer second() {
			return (name, builder) -> {
				this.customized.add("second:" + name);
				builder.maxConnections(2);
			};
		}

		@Bean
		@Order(1)
		SocketServerCustomizer first() {
			return (name, builder) -> {
				this.customized.add("first:" + name);
				builder.maxConnections(1);
			};
		}

	}

	/**
	 * Registers one invalid handler, chosen by the {@code invalid.handler} property.
	 */
	@Configuration(proxyBeanMethods = false)
	@org.springframework.context.annotation.Import(InvalidHandlerRegistrar.class)
	static class InvalidHandlers {

		static class RequestAndFlux {

			@SocketHandler(port = "0")
			Flux<ByteBuffer> requestAndFlux(String request, Flux<ByteBuffer> inbound) {
				return Flux.empty();
			}

		}

		static class MonoParameter {

			@SocketHandler(port = "0")
			Flux<ByteBuffer> monoParameter(Mono<ByteBuffer> inbound) {
				return Flux.empty();
			}

		}

		static class ExtraParameter {

			@SocketHandler(port = "0")
			Flux<ByteBuffer> extraParameter(Flux<ByteBuffer> inbound, String extra) {
				return inbound;
			}

		}

		static class ReturnsString {

			@SocketHandler(port = "0")
			String returnsString(Flux<String> inbound) {
				return "";
			}

		}

		static class RawFlux {

			@SuppressWarnings("rawtypes")
			@SocketHandler(port = "0")
			Flux<ByteBuffer> rawFlux(Flux inbound) {
				return Flux.empty();
			}

		}

	}

	static class InvalidHandlerRegistrar
			implements org.springframework.context.annotation.ImportBeanDefinitionRegistrar,
			org.springframework.context.EnvironmentAware {

		private String handler;

		@Override
		public void setEnvironment(org.springframework.core.env.Environment environment) {
			this.handler = environment.getProperty("invalid.handler");
		}

		@Override
		public void registerBeanDefinitions(org.springframework.core.type.AnnotationMetadata metadata,
				org.springframework.beans.factory.support.BeanDefinitionRegistry registry) {
			String className = InvalidHandlers.class.getName() + "$" + Character.toUpperCase(this.handler.charAt(0))
					+ this.handler.substring(1);
			registry.registerBeanDefinition(this.handler,
					new org.springframework.beans.factory.support.RootBeanDefinition(className));
		}

	}

}
