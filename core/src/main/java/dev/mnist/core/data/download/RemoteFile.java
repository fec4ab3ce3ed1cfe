package dev.mnist.core.data.download;

/** One gzip-compressed file a data set publishes, with its published size and MD5. */
public record RemoteFile(String name, long size, String md5) {

    /** The name of the file once gunzipped. */
    public String rawName() {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
