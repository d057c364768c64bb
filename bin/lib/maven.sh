# Sourced by bin/ksef-hub and bin/test: which Maven builds ksef-hub. The one the wrapper pins
# (.mvn/wrapper/maven-wrapper.properties): the machine's own `mvn` when it is that version (nothing to download),
# else ./mvnw, which fetches that version once into ~/.m2/wrapper. Sets the array MAVEN and MAVEN_DESCRIPTION.

maven_pinned_version() {
    sed -n -E 's#^distributionUrl=.*/apache-maven-([0-9.]+)-bin\.zip.*#\1#p' "$1/.mvn/wrapper/maven-wrapper.properties"
}

maven_select() {
    local root="$1" pinned installed
    pinned="$(maven_pinned_version "$root")"
    if command -v mvn >/dev/null 2>&1; then
        installed="$(mvn -v 2>/dev/null | sed -n -E '1s/.*Apache Maven ([0-9.]+).*/\1/p')"
        if [[ -n "$pinned" && "$installed" == "$pinned" ]]; then
            MAVEN=(mvn)
            MAVEN_DESCRIPTION="Maven $installed ($(command -v mvn))"
            return
        fi
    fi
    MAVEN=("$root/mvnw")
    MAVEN_DESCRIPTION="Maven $pinned (./mvnw)"
}
