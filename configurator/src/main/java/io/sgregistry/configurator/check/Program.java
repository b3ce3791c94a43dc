package io.sgregistry.configurator.check;

import java.util.List;

/**
 * A service's own configuration checker, run inside the service's image on its rendered folder.
 *
 * @param name      what the check is called in reports
 * @param service   the rendered folder (and template folder) of the service
 * @param image     the image name without registry or tag, e.g. {@code haproxy}
 * @param mountAt   where the service normally sees its rendered folder
 * @param command   the checker and its arguments (run as the entrypoint)
 */
public record Program(String name, String service, String image, String mountAt, List<String> command) {
    /** Every checker we know; a service whose rendered folder is absent is skipped. */
    public static final List<Program> ALL = List.of(
            new Program("haproxy -c", "haproxy", "haproxy", "/usr/local/etc/haproxy",
                    List.of("haproxy", "-c", "-f", "/usr/local/etc/haproxy/haproxy.cfg")),
            new Program("varnishd -C", "cache", "cache", "/run/config/cache",
                    List.of("varnishd", "-C", "-f", "/run/config/cache/default.vcl")),
            new Program("promtool check config", "prometheus", "prometheus", "/run/config/prometheus",
                    List.of("promtool", "check", "config", "/run/config/prometheus/prometheus.yml")),
            // The alert rules' unit tests (alerts.test.yml beside the rules it tests).
            new Program("promtool test rules", "prometheus", "prometheus", "/run/config/prometheus",
                    List.of("promtool", "test", "rules", "/run/config/prometheus/alerts.test.yml")),
            new Program("blackbox-exporter --config.check", "blackbox-exporter", "exporters", "/run/config/blackbox-exporter",
                    List.of("prometheus-blackbox-exporter", "--config.check",
                            "--config.file=/run/config/blackbox-exporter/blackbox.yml")),
            new Program("nginx -t", "gateway", "gateway", "/run/config/gateway",
                    List.of("nginx", "-t", "-c", "/run/config/gateway/nginx.conf")),
            // mariadbd reads every option of my.cnf for --help and refuses an unknown one (exit 7).
            new Program("mariadbd --help --verbose", "mariadb", "mariadb", "/run/config/mariadb",
                    List.of("mariadbd", "--defaults-file=/run/config/mariadb/my.cnf", "--user=mysql", "--help", "--verbose")));
}
