package dev.sockloop.autoconfigure;

/**
 * A Sockloop property set to a value out of range, thrown at start-up before the engine sees it.
 */
public class InvalidSockloopPropertyException extends IllegalStateException {

	private final String property;

	/**
	 * Creates a new exception.
	 * @param property the full name of the property, such as
	 * {@code sockloop.servers.echo.max-frame-length}
	 * @param message what is wrong, naming the property
	 */
	public InvalidSockloopPropertyException(String property, String message) {
		super(message);
		this.property = property;
	}

	/**
	 * The full name of the property to correct.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

}
