package dev.sockloop.autoconfigure.health;

/**
 * {@link SocketServersReadinessTests} on native epoll.
 */
class EpollSocketServersReadinessTests extends SocketServersReadinessTests {

	@Override
	String transport() {
		return "epoll";
	}

}
