/**
 * A sample Spring Boot application showing the starter: three
 * {@link dev.sockloop.spring.SocketHandler @SocketHandler} servers (raw echo, upper-cased lines,
 * length-prefixed frames) configured in {@code application.yml}, with Actuator exposing their
 * health, endpoint and Prometheus metrics.
 */
package dev.sockloop.sample;
