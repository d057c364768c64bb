package pl.ksefhub.deploy.services;

/**
 * One running copy of a service in the local stack ({@code --instances}): the first is {@code index} 0 and keeps the
 * service's own names (log file, pid file, process name), so that a stack of one instance each looks as it always
 * did; the others are {@code <module>-2}, {@code <module>-3}.
 */
public record Instance(Service service, int index) {

    public Instance {
        if (index < 0) {
            throw new IllegalArgumentException("An instance index is 0 or more, not " + index);
        }
    }

    /** The first (or only) instance of {@code service}. */
    public static Instance first(Service service) {
        return new Instance(service, 0);
    }

    /** {@code invoice-service} for the first instance, {@code invoice-service-2} for the second. */
    public String name() {
        return index == 0 ? service.moduleName() : service.moduleName() + "-" + (index + 1);
    }

    @Override
    public String toString() {
        return name();
    }
}
