package dev.sockloop.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the port a started Sockloop server listens on, as Spring Boot's
 * {@code @LocalServerPort} does for the web server: the value of the property
 * {@code local.sockloop.<name>.port} that the auto-configuration publishes when the server starts,
 * which is how a test finds a server configured with {@code sockloop.servers.<name>.port=0}.
 * <pre>{@code
 * @SpringBootTest(properties = "sockloop.servers.echo.port=0")
 * class EchoTests {
 *
 *     @LocalSockloopPort("echo")
 *     int port;
 * }
 * }</pre>
 * Works on fields and single-argument setter methods of the test class and of beans created
 * after the servers have started, in contexts that the Spring TestContext Framework builds (the
 * post-processor that resolves it is registered there); a server that has not started fails the
 * injection naming the missing property. The field's type may be {@code int}, {@code Integer},
 * {@code long} or {@code String}.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LocalSockloopPort {

	/**
	 * Name of the server, the {@code <name>} of {@code sockloop.servers.<name>}.
	 * @return the server name
	 */
	String value();

}
