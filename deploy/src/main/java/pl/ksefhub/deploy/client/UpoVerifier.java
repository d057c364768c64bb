package pl.ksefhub.deploy.client;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.security.cert.X509Certificate;

/**
 * What a careful client checks on a UPO: the enveloped XML signature verifies with the certificate it carries, and
 * the document (without its signature, for which the schema has no place) is valid UPO v4-3.
 */
public final class UpoVerifier {

    private static final String DSIG = XMLSignature.XMLNS;
    private static volatile Schema schema;

    private UpoVerifier() {
    }

    public static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalStateException("UPO is not XML", e);
        }
    }

    /** True when the signature and every reference digest verify. */
    public static boolean signatureValid(byte[] xml) {
        try {
            Document document = parse(xml);
            NodeList signatures = document.getElementsByTagNameNS(DSIG, "Signature");
            if (signatures.getLength() != 1) {
                return false;
            }
            registerIds(document.getDocumentElement());
            DOMValidateContext context = new DOMValidateContext(KeySelector.singletonKeySelector(
                    certificate((Element) signatures.item(0)).getPublicKey()), signatures.item(0));
            XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
            return signature.validate(context);
        } catch (Exception e) {
            return false;
        }
    }

    /** Throws with the validator's message unless the UPO without its signature is valid against upo-v4-3.xsd. */
    public static void validateAgainstSchema(byte[] xml) {
        try {
            Document document = parse(xml);
            NodeList signatures = document.getElementsByTagNameNS(DSIG, "Signature");
            for (int i = signatures.getLength() - 1; i >= 0; i--) {
                Node signature = signatures.item(i);
                signature.getParentNode().removeChild(signature);
            }
            schema().newValidator().validate(new DOMSource(document));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("UPO is not valid UPO v4-3: " + e.getMessage(), e);
        }
    }

    private static Schema schema() throws Exception {
        if (schema == null) {
            // A trusted schema with maxOccurs="10000": the JDK's secure-processing limit must be off to load it.
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, false);
            URL xsd = UpoVerifier.class.getResource("/upo/upo-v4-3.xsd");
            schema = factory.newSchema(xsd);
        }
        return schema;
    }

    private static X509Certificate certificate(Element signature) throws Exception {
        XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
        Element keyInfoElement = (Element) signature.getElementsByTagNameNS(DSIG, "KeyInfo").item(0);
        KeyInfo keyInfo = factory.getKeyInfoFactory().unmarshalKeyInfo(new javax.xml.crypto.dom.DOMStructure(
                keyInfoElement));
        for (Object content : keyInfo.getContent()) {
            if (content instanceof X509Data data) {
                for (Object item : data.getContent()) {
                    if (item instanceof X509Certificate certificate) {
                        return certificate;
                    }
                }
            }
        }
        throw new IllegalStateException("No certificate in the signature");
    }

    /** XAdES signs elements by their Id attribute: the validator must know which attributes are ids. */
    private static void registerIds(Element element) {
        if (element.hasAttribute("Id")) {
            element.setIdAttribute("Id", true);
        }
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                registerIds(child);
            }
        }
    }
}
