package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.checkout.Checkout;
import io.sgregistry.sgr.checkout.LayeredCheckout;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "checkout", mixinStandardHelpOptions = true,
        description = {"Check out an image into the working copy (schema ns/repo), applying each table's fragments; objects a lazy "
                + "clone left on the registry are downloaded first.",
                "With -u: delete the working copy and the HEAD pointer instead (the images stay)."})
final class CheckoutCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY[:IMAGE_OR_TAG]", description = "default image: HEAD (the image checked out now), as Splitgraph")
    String ref;

    @Option(names = {"-f", "--force"}, description = "discard uncommitted changes")
    boolean force;

    @Option(names = {"-l", "--layered"}, description = {"check out read-only, reading the image's objects in place (layered querying) "
            + "instead of copying their rows into tables: fast on large images; commit refuses it"})
    boolean layered;

    @Option(names = {"-u", "--uncheckout"}, description = "delete the checked-out copy instead (refused with uncommitted changes unless -f)")
    boolean uncheckout;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(this.ref, "HEAD");
        try (Connection c = connect(); var progress = root().progress()) {
            if (uncheckout) {
                Checkout.uncheckout(c, ref.repository(), force);
                out().println("unchecked out " + ref.repository());
                return;
            }
            String image = new MetaStore(c).resolve(ref.repository(), ref.ref());
            int fetched = LazyObjects.ensure(root().config(), c, ref.repository(), image, progress);
            if (fetched > 0) {
                out().println("downloaded " + fetched + " objects of " + ref.repository() + ":" + image.substring(0, 12) + " from its upstream");
            }
            if (layered) {
                LayeredCheckout.Result res = LayeredCheckout.checkout(c, ref.repository(), image, force);
                out().println("checked out " + ref.repository() + ":" + res.imageHash().substring(0, 12) + " layered, read-only ("
                        + res.tables() + " tables; " + res.summary().inPlace() + " objects read in place, " + res.summary().resolved()
                        + " resolved, " + res.summary().materialised() + " tables materialised)");
                return;
            }
            Checkout.Result res = Checkout.checkout(c, ref.repository(), image, force, progress);
            out().println("checked out " + ref.repository() + ":" + res.imageHash().substring(0, 12) + " ("
                    + res.tables() + " tables, " + res.rows() + " rows)");
        }
    }
}
