package dev.sockloop.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application with three Sockloop servers: {@code echo} (raw bytes, port 9000),
 * {@code upper} (lines, port 9001) and {@code frames} (4-byte length-prefixed frames, port 9002),
 * and Actuator over HTTP on port 8080.
 */
@SpringBootApplication
public class SampleApplication {

	/**
	 * Starts the application.
	 * @param args command-line arguments, such as {@code --sockloop.servers.echo.port=7000}
	 */
	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
