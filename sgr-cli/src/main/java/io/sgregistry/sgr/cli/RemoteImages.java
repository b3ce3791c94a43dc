package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;

import java.sql.SQLException;
import java.util.List;

/** An image reference resolved on a registry: latest, a tag, a hash or a prefix of at least 5 characters. */
final class RemoteImages {
    private RemoteImages() {
    }

    static String resolve(RegistryClient registry, Repository r, String ref) throws SQLException {
        List<MetaStore.Image> images = registry.images(r);
        if (images.isEmpty()) {
            throw new SgrException("repository " + r + " is not on the registry, or you may not read it", "check the name and the remote");
        }
        if (ref.equals("latest")) {
            return images.get(images.size() - 1).hash();
        }
        String tagged = registry.tags(r).get(ref);
        if (tagged != null) {
            return tagged;
        }
        List<String> matches = images.stream().map(MetaStore.Image::hash).filter(h -> ref.length() >= 5 && h.startsWith(ref)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        throw new SgrException("no single image or tag '" + ref + "' in " + r + " on the registry", "give a tag or more characters of the hash");
    }
}
