package dev.sockloop.autoconfigure.health;

/**
 * {@link SocketServersReadinessTests} on the JDK's NIO.
 */
class NioSocketServersReadinessTests extends SocketServersReadinessTests {

	@Override
	String transport() {
		return "nio";
	}

}
