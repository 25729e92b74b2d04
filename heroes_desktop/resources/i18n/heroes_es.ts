<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name></name>
    <message>
        <source>Raw image</source>
        <translation>Imagen en bruto (raw)</translation>
    </message>
    <message>
        <source>Split raw image</source>
        <translation>Imagen en bruto fragmentada</translation>
    </message>
    <message>
        <source>EnCase image (E01)</source>
        <translation>Imagen EnCase (E01)</translation>
    </message>
    <message>
        <source>Folder of files</source>
        <translation>Carpeta de archivos</translation>
    </message>
    <message>
        <source>Virtual disk (VMDK)</source>
        <translation>Disco virtual (VMDK)</translation>
    </message>
    <message>
        <source>Virtual disk (VHD)</source>
        <translation>Disco virtual (VHD)</translation>
    </message>
    <message>
        <source>Virtual disk (VHDX)</source>
        <translation>Disco virtual (VHDX)</translation>
    </message>
    <message>
        <source>Virtual disk (QCOW2)</source>
        <translation>Disco virtual (QCOW2)</translation>
    </message>
    <message>
        <source>{title}, {count} files</source>
        <translation>{title}, {count} archivos</translation>
    </message>
    <message>
        <source>folder: files hashed at intake: {count} (manifest SHA-256)</source>
        <translation>carpeta: archivos con hash al incorporarla: {count} (SHA-256 del manifiesto)</translation>
    </message>
    <message>
        <source>folder: no image hash (each file is hashed by ingest)</source>
        <translation>carpeta: sin hash de imagen (el procesamiento calcula el hash de cada archivo)</translation>
    </message>
    <message>
        <source>stored hashes verified</source>
        <translation>hashes almacenados verificados</translation>
    </message>
    <message>
        <source>STORED HASHES DO NOT MATCH</source>
        <translation>LOS HASHES ALMACENADOS NO COINCIDEN</translation>
    </message>
    <message>
        <source>no stored hashes in the image</source>
        <translation>la imagen no contiene hashes almacenados</translation>
    </message>
    <message>
        <source>{format} image: no stored hashes to verify (hashed when added)</source>
        <translation>imagen {format}: sin hashes almacenados que verificar (hash calculado al añadirla)</translation>
    </message>
    <message>
        <source>Pictures</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Vídeos</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>terminada</translation>
    </message>
    <message>
        <source>INTERRUPTED (resumable)</source>
        <translation>INTERRUMPIDA (reanudable)</translation>
    </message>
    <message>
        <source>did not finish</source>
        <translation>no terminó</translation>
    </message>
</context>
<context>
    <name>AddEvidenceDialog</name>
    <message>
        <source>Add evidence</source>
        <translation>Añadir evidencia</translation>
    </message>
    <message>
        <source>An image (E01, raw, split raw, VMDK, VHD, QCOW2) or a folder</source>
        <translation>Una imagen (E01, raw, raw fragmentada, VMDK, VHD, QCOW2) o una carpeta</translation>
    </message>
    <message>
        <source>&amp;File…</source>
        <translation>A&amp;rchivo…</translation>
    </message>
    <message>
        <source>F&amp;older…</source>
        <translation>Car&amp;peta…</translation>
    </message>
    <message>
        <source>Choose a file or a folder</source>
        <translation>Elija un archivo o una carpeta</translation>
    </message>
    <message>
        <source>e.g. Laptop HDD (the file or folder name when empty)</source>
        <translation>p. ej. Disco duro del portátil (si se deja vacío, el nombre del archivo o carpeta)</translation>
    </message>
    <message>
        <source>&amp;Evidence:</source>
        <translation>&amp;Evidencia:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Formato:</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>E&amp;tiqueta:</translation>
    </message>
    <message>
        <source>Hashing</source>
        <translation>Cálculo de hash</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Añadir</translation>
    </message>
    <message>
        <source>This session is read-only: evidence cannot be added.</source>
        <translation>Esta sesión es de solo lectura: no se pueden añadir evidencias.</translation>
    </message>
    <message>
        <source>Choose an evidence folder</source>
        <translation>Elija una carpeta de evidencia</translation>
    </message>
    <message>
        <source>Choose an evidence image (its first segment)</source>
        <translation>Elija una imagen de evidencia (su primer segmento)</translation>
    </message>
    <message>
        <source>Evidence images (*.E01 *.e01 *.Ex01 *.dd *.raw *.img *.001 *.000 *.vmdk *.vhd *.vhdx *.qcow2)</source>
        <translation>Imágenes de evidencia (*.E01 *.e01 *.Ex01 *.dd *.raw *.img *.001 *.000 *.vmdk *.vhd *.vhdx *.qcow2)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Detecting…</source>
        <translation>Detectando…</translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>Lectura</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>{done} of {total}, {rate}/s, {left} left</source>
        <translation>{done} de {total}, {rate}/s, faltan {left}</translation>
    </message>
    <message>
        <source>{size} in {time} ({rate}/s)</source>
        <translation>{size} en {time} ({rate}/s)</translation>
    </message>
    <message>
        <source>done in {time}</source>
        <translation>terminado en {time}</translation>
    </message>
    <message>
        <source>Evidence {id}: {label}</source>
        <translation>Evidencia {id}: {label}</translation>
    </message>
    <message>
        <source>Format: {format}</source>
        <translation>Formato: {format}</translation>
    </message>
    <message>
        <source>Size: {size}</source>
        <translation>Tamaño: {size}</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Número de caso</translation>
    </message>
    <message>
        <source>Evidence number</source>
        <translation>Número de evidencia</translation>
    </message>
    <message>
        <source>Examiner</source>
        <translation>Examinador</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>Adquirida</translation>
    </message>
    <message>
        <source>Software</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>Stored MD5: {value}</source>
        <translation>MD5 almacenado: {value}</translation>
    </message>
    <message>
        <source>Stored SHA-1: {value}</source>
        <translation>SHA-1 almacenado: {value}</translation>
    </message>
    <message>
        <source>Stored hashes: {verdict}</source>
        <translation>Hashes almacenados: {verdict}</translation>
    </message>
    <message>
        <source>Unreadable: {length} bytes at offset {offset}: {error}</source>
        <translation>Ilegible: {length} bytes en el desplazamiento {offset}: {error}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Nota: {note}</translation>
    </message>
    <message>
        <source>Locked encrypted volumes: {volumes}; unlock them with `heroes evidence unlock` before the ingest</source>
        <translation>Volúmenes cifrados bloqueados: {volumes}; desbloquéelos con `heroes evidence unlock` antes del procesamiento</translation>
    </message>
    <message>
        <source>Hashing cannot be stopped midway; the evidence is only read. Wait for it to finish.</source>
        <translation>El cálculo del hash no se puede detener a medias; la evidencia solo se lee. Espere a que termine.</translation>
    </message>
    <message>
        <source>Raw image</source>
        <translation>Imagen en bruto (raw)</translation>
    </message>
    <message>
        <source>Split raw image</source>
        <translation>Imagen en bruto fragmentada</translation>
    </message>
    <message>
        <source>EnCase image (E01)</source>
        <translation>Imagen EnCase (E01)</translation>
    </message>
    <message>
        <source>Folder of files</source>
        <translation>Carpeta de archivos</translation>
    </message>
    <message>
        <source>Virtual disk (VMDK)</source>
        <translation>Disco virtual (VMDK)</translation>
    </message>
    <message>
        <source>Virtual disk (VHD)</source>
        <translation>Disco virtual (VHD)</translation>
    </message>
    <message>
        <source>Virtual disk (VHDX)</source>
        <translation>Disco virtual (VHDX)</translation>
    </message>
    <message>
        <source>Virtual disk (QCOW2)</source>
        <translation>Disco virtual (QCOW2)</translation>
    </message>
    <message>
        <source>{title}, {count} files</source>
        <translation>{title}, {count} archivos</translation>
    </message>
    <message>
        <source>folder: no image hash (each file is hashed by ingest)</source>
        <translation>carpeta: sin hash de imagen (el procesamiento calcula el hash de cada archivo)</translation>
    </message>
    <message>
        <source>folder: files hashed at intake: {count} (manifest SHA-256)</source>
        <translation>carpeta: archivos con hash al incorporarla: {count} (SHA-256 del manifiesto)</translation>
    </message>
    <message>
        <source>stored hashes verified</source>
        <translation>hashes almacenados verificados</translation>
    </message>
    <message>
        <source>STORED HASHES DO NOT MATCH</source>
        <translation>LOS HASHES ALMACENADOS NO COINCIDEN</translation>
    </message>
    <message>
        <source>no stored hashes in the image</source>
        <translation>la imagen no contiene hashes almacenados</translation>
    </message>
    <message>
        <source>{format} image: no stored hashes to verify (hashed when added)</source>
        <translation>imagen {format}: sin hashes almacenados que verificar (hash calculado al añadirla)</translation>
    </message>
</context>
<context>
    <name>AgeBar</name>
    <message>
        <source>Estimated age distribution</source>
        <translation>Distribución de edad estimada</translation>
    </message>
</context>
<context>
    <name>ArchiveViewer</name>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Modified (UTC)</source>
        <translation>Modificado (UTC)</translation>
    </message>
    <message>
        <source>Compressed</source>
        <translation>Comprimido</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>Cifrado</translation>
    </message>
    <message>
        <source>Archive members</source>
        <translation>Miembros del archivo comprimido</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Not an archive: the Archive tab lists the members of zip, 7z and tar files.</source>
        <translation>No es un archivo comprimido: la pestaña Comprimido enumera los miembros de los archivos zip, 7z y tar.</translation>
    </message>
    <message>
        <source>Reading the archive&apos;s members…</source>
        <translation>Leyendo los miembros del archivo comprimido…</translation>
    </message>
    <message>
        <source>{0} members in the case (expanded at ingest); double-click or Enter opens one.</source>
        <translation>{0} miembros en el caso (expandidos durante el procesado); un doble clic o Intro abre uno.</translation>
    </message>
    <message>
        <source>The case holds no members of this archive (the container stage did not expand it): its directory, read from the archive ({0} entries, nothing extracted).</source>
        <translation>El caso no contiene miembros de este archivo comprimido (la etapa de contenedores no lo expandió): se muestra su directorio, leído del propio archivo ({0} entradas, sin extraer nada).</translation>
    </message>
    <message>
        <source>The first {0} are shown.</source>
        <translation>Se muestran los primeros {0}.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>BlindReviewView</name>
    <message>
        <source>random (recorded)</source>
        <translation>aleatoria (se registra)</translation>
    </message>
    <message>
        <source>&amp;Draw a sample</source>
        <translation>&amp;Extraer una muestra</translation>
    </message>
    <message>
        <source>Show the &amp;result</source>
        <translation>&amp;Mostrar el resultado</translation>
    </message>
    <message>
        <source>Sample size</source>
        <translation>Tamaño de la muestra</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Reading the blind review…</source>
        <translation>Leyendo la revisión ciega…</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: examiner, columns: you)</source>
        <translation>Matriz de confusión (filas: examinador; columnas: usted)</translation>
    </message>
    <message>
        <source>Items that disagree</source>
        <translation>Elementos con discrepancia</translation>
    </message>
    <message>
        <source>Blind review</source>
        <translation>Revisión ciega</translation>
    </message>
    <message>
        <source>Blind review: decide {category}</source>
        <translation>Revisión ciega: decidir {category}</translation>
    </message>
    <message>
        <source>No sample drawn yet. Choose a size and draw one: the pictures are drawn at random from the examiner&apos;s categorised pictures, in proportion to each category.</source>
        <translation>Aún no se ha extraído ninguna muestra. Elija un tamaño y extraiga una: las imágenes se extraen al azar de entre las imágenes categorizadas por el examinador, en proporción a cada categoría.</translation>
    </message>
    <message>
        <source>Item {n} of {total}</source>
        <translation>Elemento {n} de {total}</translation>
    </message>
    <message>
        <source>Sample of {size} drawn by {who} at {time} (seed {seed}, from {population} categorised pictures): {decided} decided, {pending} to go. The examiner&apos;s decisions stay hidden until you show the result.</source>
        <translation>Muestra de {size} extraída por {who} el {time} (semilla {seed}, de entre {population} imágenes categorizadas): {decided} decididos, {pending} pendientes. Las decisiones del examinador permanecen ocultas hasta que muestre el resultado.</translation>
    </message>
    <message>
        <source>The blind review could not be read: {reason}</source>
        <translation>No se pudo leer la revisión ciega: {reason}</translation>
    </message>
    <message>
        <source>A seed is a whole number (or leave it empty for a random one).</source>
        <translation>La semilla es un número entero (o déjela vacía para que sea aleatoria).</translation>
    </message>
    <message>
        <source>Draw a new sample</source>
        <translation>Extraer una muestra nueva</translation>
    </message>
    <message>
        <source>A sample is drawn already. A new one replaces it for the result; the decisions made stay in the chain of custody. Draw a new sample?</source>
        <translation>Ya hay una muestra extraída. Una nueva la sustituye a efectos del resultado; las decisiones ya tomadas permanecen en la cadena de custodia. ¿Extraer una muestra nueva?</translation>
    </message>
    <message>
        <source>The result has been shown: decisions made now would not be blind.</source>
        <translation>El resultado ya se ha mostrado: las decisiones que se tomen ahora no serían ciegas.</translation>
    </message>
    <message>
        <source>Recorded {category} for item {n}.</source>
        <translation>Se registró {category} para el elemento {n}.</translation>
    </message>
    <message>
        <source>Show the result</source>
        <translation>Mostrar el resultado</translation>
    </message>
    <message>
        <source>{n} sampled items are still undecided. Showing the result now reveals the examiner&apos;s decisions; the undecided items are left out of it. Show it?</source>
        <translation>{n} elementos de la muestra siguen sin decidir. Mostrar ahora el resultado revela las decisiones del examinador; los elementos sin decidir quedan fuera de él. ¿Mostrarlo?</translation>
    </message>
    <message>
        <source>{n} items compared: agreement {agreement}, Cohen&apos;s kappa {kappa}, {disagree} disagree. The result goes into the signed review (Review → Sign the review…).</source>
        <translation>{n} elementos comparados: concordancia {agreement}, kappa de Cohen {kappa}, {disagree} con discrepancia. El resultado se incluye en la revisión firmada (Revisión → Firmar la revisión…).</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <source>Examiner</source>
        <translation>Examinador</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Usted</translation>
    </message>
</context>
<context>
    <name>BookmarkDialog</name>
    <message>
        <source>Bookmark the selected files</source>
        <translation>Marcar los archivos seleccionados</translation>
    </message>
    <message>
        <source>Bookmark name</source>
        <translation>Nombre del marcador</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Why this matters (kept with the tag)</source>
        <translation>Por qué es relevante (se guarda con la etiqueta)</translation>
    </message>
    <message>
        <source>Key for this bookmark</source>
        <translation>Tecla para este marcador</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nombre:</translation>
    </message>
    <message>
        <source>N&amp;ote:</source>
        <translation>N&amp;ota:</translation>
    </message>
    <message>
        <source>&amp;Key (optional):</source>
        <translation>&amp;Tecla (opcional):</translation>
    </message>
</context>
<context>
    <name>BreakPrompt</name>
    <message>
        <source>Time for a break?</source>
        <translation>¿Es momento de un descanso?</translation>
    </message>
    <message>
        <source>A break is offered, never forced. These counts are yours alone: they are kept in your profile, never in the case.</source>
        <translation>El descanso se ofrece, nunca se impone. Estos recuentos son solo suyos: se guardan en su perfil, nunca en el caso.</translation>
    </message>
    <message>
        <source>Take a break</source>
        <translation>Tomar un descanso</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configuración…</translation>
    </message>
    <message>
        <source>Clear views of flagged material: {0} since your last break, {1} today.</source>
        <translation>Vistas sin difuminar de material señalado: {0} desde su último descanso, {1} hoy.</translation>
    </message>
    <message>
        <source>Snooze {0} minutes</source>
        <translation>Posponer {0} minutos</translation>
    </message>
</context>
<context>
    <name>CaseHistoryView</name>
    <message>
        <source>Reading what was done to the case…</source>
        <translation>Leyendo lo que se hizo en el caso…</translation>
    </message>
    <message>
        <source>&amp;Read again</source>
        <translation>Volver a &amp;leer</translation>
    </message>
    <message>
        <source>{evidence} evidence items, {runs} ingest runs, {sets} hash sets</source>
        <translation>Evidencias: {evidence}; ejecuciones del procesamiento: {runs}; conjuntos de hash: {sets}</translation>
    </message>
    <message>
        <source>What was done could not be read: {reason}</source>
        <translation>No se pudo leer lo que se hizo: {reason}</translation>
    </message>
    <message>
        <source>Pictures</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Vídeos</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Número de caso</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <source>added</source>
        <translation>añadida el</translation>
    </message>
    <message>
        <source>by</source>
        <translation>por</translation>
    </message>
    <message>
        <source>{n} damaged areas</source>
        <translation>{n} zonas dañadas</translation>
    </message>
    <message>
        <source>Ingest runs</source>
        <translation>Ejecuciones del procesamiento</translation>
    </message>
    <message>
        <source>No ingest has run.</source>
        <translation>No se ha ejecutado ningún procesamiento.</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>terminada</translation>
    </message>
    <message>
        <source>INTERRUPTED (resumable)</source>
        <translation>INTERRUMPIDA (reanudable)</translation>
    </message>
    <message>
        <source>did not finish</source>
        <translation>no terminó</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecución</translation>
    </message>
    <message>
        <source>on</source>
        <translation>en</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Etapas</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Elementos</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versiones</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelos</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licencia</translation>
    </message>
    <message>
        <source>Matches the manifest</source>
        <translation>Coincide con el manifiesto</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>NO</translation>
    </message>
    <message>
        <source>Items that failed</source>
        <translation>Elementos que fallaron</translation>
    </message>
    <message>
        <source>{n} items failed or were read in part:</source>
        <translation>{n} elementos fallaron o se leyeron solo en parte:</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Ninguno.</translation>
    </message>
    <message>
        <source>Areas not read</source>
        <translation>Zonas no leídas</translation>
    </message>
    <message>
        <source>Hash sets</source>
        <translation>Conjuntos de hash</translation>
    </message>
    <message>
        <source>None imported.</source>
        <translation>No se ha importado ninguno.</translation>
    </message>
    <message>
        <source>entries</source>
        <translation>entradas</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importado el</translation>
    </message>
    <message>
        <source>source</source>
        <translation>origen</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Cobertura</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Categorised</source>
        <translation>Categorizados</translation>
    </message>
    <message>
        <source>Reviewed (any tag)</source>
        <translation>Revisados (cualquier etiqueta)</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>Images</source>
        <translation>Imágenes</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Vídeos</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Chats and databases</source>
        <translation>Chats y bases de datos</translation>
    </message>
    <message>
        <source>Archives</source>
        <translation>Archivos comprimidos</translation>
    </message>
    <message>
        <source>Other files</source>
        <translation>Otros archivos</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Borrados</translation>
    </message>
    <message>
        <source>Extension mismatch</source>
        <translation>Extensión no coincidente</translation>
    </message>
    <message>
        <source>Hash-set hits</source>
        <translation>Coincidencias de conjuntos de hash</translation>
    </message>
    <message>
        <source>Flagged by triage</source>
        <translation>Señalados por el triaje</translation>
    </message>
    <message>
        <source>P2P artifacts</source>
        <translation>Artefactos P2P</translation>
    </message>
    <message>
        <source>P2P content</source>
        <translation>Contenido P2P</translation>
    </message>
    <message>
        <source>P2P matches</source>
        <translation>Coincidencias P2P</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>Marcadores</translation>
    </message>
    <message>
        <source>Categorised</source>
        <translation>Categorizados</translation>
    </message>
    <message>
        <source>uncategorised</source>
        <translation>sin categorizar</translation>
    </message>
    <message>
        <source>child abuse material</source>
        <translation>material de abuso sexual infantil</translation>
    </message>
    <message>
        <source>child exploitive (non-CSAM)</source>
        <translation>explotación infantil (no CSAM)</translation>
    </message>
    <message>
        <source>CGI / animation</source>
        <translation>CGI / animación</translation>
    </message>
    <message>
        <source>comparison images</source>
        <translation>imágenes de comparación</translation>
    </message>
    <message>
        <source>non-pertinent</source>
        <translation>no pertinente</translation>
    </message>
</context>
<context>
    <name>CategoriesView</name>
    <message>
        <source>Categories</source>
        <translation>Categorías</translation>
    </message>
    <message>
        <source>The categories could not be counted: %1</source>
        <translation>No se pudieron contar las categorías: %1</translation>
    </message>
</context>
<context>
    <name>Categoriser</name>
    <message>
        <source>This case is open read-only (or for review): categories and bookmarks cannot be changed</source>
        <translation>Este caso está abierto en solo lectura (o para revisión): no se pueden cambiar categorías ni marcadores</translation>
    </message>
    <message>
        <source>File table</source>
        <translation>Tabla de archivos</translation>
    </message>
    <message>
        <source>Categorise as %1 (%2)</source>
        <translation>Categorizar como %1 (%2)</translation>
    </message>
    <message>
        <source>Bookmark the selection…</source>
        <translation>Marcar la selección…</translation>
    </message>
    <message>
        <source>Undo the last categorisation</source>
        <translation>Deshacer la última categorización</translation>
    </message>
    <message>
        <source>Redo the categorisation undone</source>
        <translation>Rehacer la categorización deshecha</translation>
    </message>
    <message>
        <source>Select the files to categorise first</source>
        <translation>Seleccione primero los archivos que quiere categorizar</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>Deshecho: %1</translation>
    </message>
    <message>
        <source>Nothing to change: the selection already has %1</source>
        <translation>Nada que cambiar: la selección ya tiene %1</translation>
    </message>
    <message>
        <source>Writing: %1…</source>
        <translation>Guardando: %1…</translation>
    </message>
    <message>
        <source>Select the files to bookmark first</source>
        <translation>Seleccione primero los archivos que quiere marcar</translation>
    </message>
    <message>
        <source>%1 is a category: press its digit instead of bookmarking</source>
        <translation>%1 es una categoría: pulse su dígito en lugar de crear un marcador</translation>
    </message>
    <message>
        <source>%1 is already the key of “%2”</source>
        <translation>%1 ya es la tecla de «%2»</translation>
    </message>
    <message>
        <source>Bookmark as “%1”</source>
        <translation>Marcar como «%1»</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %n file(s)</source>
        <translation>
            <numerusform>%1 en %n archivo</numerusform>
            <numerusform>%1 en %n archivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bookmark “%1” on %n file(s)</source>
        <translation>
            <numerusform>Marcador «%1» en %n archivo</numerusform>
            <numerusform>Marcador «%1» en %n archivos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CategoryModel</name>
    <message>
        <source>All files</source>
        <translation>Todos los archivos</translation>
    </message>
    <message>
        <source>Every file of the case (clears the category)</source>
        <translation>Todos los archivos del caso (quita la categoría)</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n archivo</numerusform>
            <numerusform>%n archivos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckResultsDialog</name>
    <message>
        <source>The program checked against the key</source>
        <translation>El programa comprobado con el solucionario</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Comprobación</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>{case}: {passed} passed, {failed} failed, {not_run} not run (a stage or a hash set the check needs is not in the case).</source>
        <translation>{case}: {passed} superadas, {failed} fallidas, {not_run} sin ejecutar (al caso le falta una etapa o un conjunto de hash que la comprobación necesita).</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>superada</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FALLIDA</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>sin ejecutar</translation>
    </message>
</context>
<context>
    <name>Chip</name>
    <message>
        <source>Remove this filter</source>
        <translation>Quitar este filtro</translation>
    </message>
    <message>
        <source>Remove filter: %1</source>
        <translation>Quitar el filtro: %1</translation>
    </message>
</context>
<context>
    <name>ClassWindow</name>
    <message>
        <source>Classroom: the trainees&apos; results</source>
        <translation>Aula: los resultados de los alumnos</translation>
    </message>
    <message>
        <source>The folder of the trainees&apos; case files (*.heroes)</source>
        <translation>La carpeta de los archivos de caso de los alumnos (*.heroes)</translation>
    </message>
    <message>
        <source>answer-key.json, kept away from the trainees</source>
        <translation>answer-key.json, guardado fuera del alcance de los alumnos</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>Choose the ke&amp;y…</source>
        <translation>Elegir el sol&amp;ucionario…</translation>
    </message>
    <message>
        <source>Trainees&apos; &amp;cases</source>
        <translation>&amp;Casos de los alumnos</translation>
    </message>
    <message>
        <source>&amp;Answer key</source>
        <translation>&amp;Solucionario</translation>
    </message>
    <message>
        <source>Class &amp;passphrase</source>
        <translation>&amp;Frase de paso de la clase</translation>
    </message>
    <message>
        <source>&amp;Score the class</source>
        <translation>Ca&amp;lificar la clase</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>Alumno</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Caso</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Exhaustividad</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Aciertos</translation>
    </message>
    <message>
        <source>Tagged</source>
        <translation>Etiquetados</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Esperados</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Omitidos</translation>
    </message>
    <message>
        <source>Mistaken</source>
        <translation>Erróneos</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>Tiempo dedicado</translation>
    </message>
    <message>
        <source>Clear views</source>
        <translation>Vistas sin difuminar</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>M&amp;issed</source>
        <translation>&amp;Omitidos</translation>
    </message>
    <message>
        <source>Mis&amp;taken</source>
        <translation>E&amp;rróneos</translation>
    </message>
    <message>
        <source>Export CS&amp;V…</source>
        <translation>Exportar CS&amp;V…</translation>
    </message>
    <message>
        <source>Export &amp;HTML…</source>
        <translation>Exportar &amp;HTML…</translation>
    </message>
    <message>
        <source>Check the program against the &amp;key…</source>
        <translation>Co&amp;mprobar el programa con el solucionario…</translation>
    </message>
    <message>
        <source>Compares what the program found in a processed training case with the answer key, item by item (heroes training check).</source>
        <translation>Compara lo que el programa encontró en un caso de formación procesado con el solucionario, elemento por elemento (heroes training check).</translation>
    </message>
    <message>
        <source>Hand &amp;out copies…</source>
        <translation>Re&amp;partir copias…</translation>
    </message>
    <message>
        <source>Copies a processed training case for each trainee, with the tasks and without the answer key (heroes training hand-out).</source>
        <translation>Copia un caso de formación procesado para cada alumno, con las tareas y sin el solucionario (heroes training hand-out).</translation>
    </message>
    <message>
        <source>The trainees&apos; case files</source>
        <translation>Los archivos de caso de los alumnos</translation>
    </message>
    <message>
        <source>The answer key</source>
        <translation>El solucionario</translation>
    </message>
    <message>
        <source>Answer keys (*.json);;All files (*)</source>
        <translation>Solucionarios (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose the answer key.</source>
        <translation>Elija el solucionario.</translation>
    </message>
    <message>
        <source>Type the class passphrase (the trainees&apos; cases open with it).</source>
        <translation>Escriba la frase de paso de la clase (con ella se abren los casos de los alumnos).</translation>
    </message>
    <message>
        <source>Choose the folder of the trainees&apos; case files.</source>
        <translation>Elija la carpeta de los archivos de caso de los alumnos.</translation>
    </message>
    <message>
        <source>{path} is not a folder.</source>
        <translation>{path} no es una carpeta.</translation>
    </message>
    <message>
        <source>Scoring the class…</source>
        <translation>Calificando la clase…</translation>
    </message>
    <message>
        <source>Scoring {name} ({done} of {total})…</source>
        <translation>Calificando {name} ({done} de {total})…</translation>
    </message>
    <message>
        <source>not scored</source>
        <translation>sin calificar</translation>
    </message>
    <message>
        <source>{cases} case(s) scored against the key of seed {seed}.</source>
        <translation>Casos calificados con el solucionario de la semilla {seed}: {cases}.</translation>
    </message>
    <message>
        <source>{failed} could not be opened: see their rows.</source>
        <translation>Casos que no se pudieron abrir: {failed} (vea sus filas).</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>Detenido antes del final.</translation>
    </message>
    <message>
        <source>No case files (*.heroes) in this folder.</source>
        <translation>No hay archivos de caso (*.heroes) en esta carpeta.</translation>
    </message>
    <message>
        <source>{who}: not scored: {error}</source>
        <translation>{who}: sin calificar: {error}</translation>
    </message>
    <message>
        <source>{who}, {task}: {description}</source>
        <translation>{who}, {task}: {description}</translation>
    </message>
    <message>
        <source>{path} (tagged {tagged}, expected {expected})</source>
        <translation>{path} (etiquetado {tagged}, se esperaba {expected})</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nada</translation>
    </message>
    <message>
        <source>{path} (expected {expected})</source>
        <translation>{path} (se esperaba {expected})</translation>
    </message>
    <message>
        <source>Export the class table as CSV</source>
        <translation>Exportar la tabla de la clase como CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Export the class table as HTML</source>
        <translation>Exportar la tabla de la clase como HTML</translation>
    </message>
    <message>
        <source>HTML pages (*.html);;All files (*)</source>
        <translation>Páginas HTML (*.html);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Writing {path}…</source>
        <translation>Escribiendo {path}…</translation>
    </message>
    <message>
        <source>Written: {path}</source>
        <translation>Escrito: {path}</translation>
    </message>
    <message>
        <source>The processed training case to check</source>
        <translation>El caso de formación procesado que comprobar</translation>
    </message>
    <message>
        <source>HEROES cases (*.heroes);;All files (*)</source>
        <translation>Casos HEROES (*.heroes);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Checking {name} against the key…</source>
        <translation>Comprobando {name} con el solucionario…</translation>
    </message>
    <message>
        <source>{name}: {passed} checks passed, {failed} failed, {not_run} not run.</source>
        <translation>{name}: {passed} comprobaciones superadas, {failed} fallidas, {not_run} sin ejecutar.</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>Partición</translation>
    </message>
    <message>
        <source>File system</source>
        <translation>Sistema de archivos</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>Instantánea</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Borrado</translation>
    </message>
    <message>
        <source>Reallocated</source>
        <translation>Reasignado</translation>
    </message>
    <message>
        <source>Inode</source>
        <translation>Inodo</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Modificado</translation>
    </message>
    <message>
        <source>Accessed</source>
        <translation>Accedido</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Cambiado</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>MD5</source>
        <translation>MD5</translation>
    </message>
    <message>
        <source>SHA-1</source>
        <translation>SHA-1</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>ED2K</source>
        <translation>ED2K</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Extension mismatch</source>
        <translation>Extensión no coincidente</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Contenedor</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation>Cifrado</translation>
    </message>
    <message>
        <source>Container item</source>
        <translation>Elemento contenedor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Hash hits</source>
        <translation>Coincidencias de hash</translation>
    </message>
    <message>
        <source>Hash-set category</source>
        <translation>Categoría del conjunto de hash</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Triage score</source>
        <translation>Puntuación de triaje</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>Marcadores</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>Algo ha fallado</translation>
    </message>
    <message>
        <source>Something went wrong while {where}.</source>
        <translation>Algo ha fallado mientras se hacía esto: {where}.</translation>
    </message>
    <message>
        <source>working in the background</source>
        <translation>trabajo en segundo plano</translation>
    </message>
</context>
<context>
    <name>CustodyHistoryView</name>
    <message>
        <source>Verifying the chain…</source>
        <translation>Verificando la cadena…</translation>
    </message>
    <message>
        <source>&amp;Verify again</source>
        <translation>Verificar de &amp;nuevo</translation>
    </message>
    <message>
        <source>Verify against a &amp;checkpoint…</source>
        <translation>Verificar con un &amp;punto de control…</translation>
    </message>
    <message>
        <source>&amp;Write a checkpoint…</source>
        <translation>Es&amp;cribir un punto de control…</translation>
    </message>
    <message>
        <source>Check signers against a &amp;lab trust file…</source>
        <translation>Comprobar los firmantes con un archivo de confianza del &amp;laboratorio…</translation>
    </message>
    <message>
        <source>The chosen event&apos;s details, as recorded and signed.</source>
        <translation>Los detalles del evento elegido, tal como se registraron y firmaron.</translation>
    </message>
    <message>
        <source>The chain could not be read: {reason}</source>
        <translation>No se pudo leer la cadena: {reason}</translation>
    </message>
    <message>
        <source>Verification: {reason}</source>
        <translation>Verificación: {reason}</translation>
    </message>
    <message>
        <source>Lab: {finding}</source>
        <translation>Laboratorio: {finding}</translation>
    </message>
    <message>
        <source>Verify against a checkpoint</source>
        <translation>Verificar con un punto de control</translation>
    </message>
    <message>
        <source>Checkpoints (*.json);;All files (*)</source>
        <translation>Puntos de control (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The lab&apos;s trust file</source>
        <translation>El archivo de confianza del laboratorio</translation>
    </message>
    <message>
        <source>Lab trust files (*.json);;All files (*)</source>
        <translation>Archivos de confianza del laboratorio (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Write a checkpoint (keep it outside the case folder)</source>
        <translation>Escribir un punto de control (guárdelo fuera de la carpeta del caso)</translation>
    </message>
    <message>
        <source>Checkpoints (*.json)</source>
        <translation>Puntos de control (*.json)</translation>
    </message>
    <message>
        <source>Note: a checkpoint beside the case proves little; keep a copy on removable media or another machine.</source>
        <translation>Nota: un punto de control junto al caso demuestra poco; guarde una copia en un soporte extraíble o en otro equipo.</translation>
    </message>
    <message>
        <source>Checkpoint of event {seq} written to {path}</source>
        <translation>Punto de control del evento {seq} escrito en {path}</translation>
    </message>
</context>
<context>
    <name>CustodyView</name>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Qué se hizo</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Verificado</translation>
    </message>
</context>
<context>
    <name>DocumentMetadataView</name>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Document metadata</source>
        <translation>Metadatos del documento</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>No document metadata for this type: the Document tab reads PDF, Office and OpenDocument files, e-mails and photos.</source>
        <translation>No hay metadatos de documento para este tipo: la pestaña Documento lee archivos PDF, Office y OpenDocument, correos electrónicos y fotografías.</translation>
    </message>
    <message>
        <source>Reading the document&apos;s metadata…</source>
        <translation>Leyendo los metadatos del documento…</translation>
    </message>
    <message>
        <source>Read as: {0}</source>
        <translation>Leído como: {0}</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Campos</translation>
    </message>
    <message>
        <source>no field stated</source>
        <translation>no consta ningún campo</translation>
    </message>
    <message>
        <source>[no time zone written: UTC assumed]</source>
        <translation>[sin zona horaria escrita: se supone UTC]</translation>
    </message>
    <message>
        <source>Dates (UTC)</source>
        <translation>Fechas (UTC)</translation>
    </message>
    <message>
        <source>no date stated</source>
        <translation>no consta ninguna fecha</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
</context>
<context>
    <name>EmailViewer</name>
    <message>
        <source>Date (UTC)</source>
        <translation>Fecha (UTC)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Asunto</translation>
    </message>
    <message>
        <source>Messages of the mailbox</source>
        <translation>Mensajes del buzón</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>Cabecera</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>E-mail headers</source>
        <translation>Cabeceras del correo electrónico</translation>
    </message>
    <message>
        <source>Show all headers</source>
        <translation>Mostrar todas las cabeceras</translation>
    </message>
    <message>
        <source>E-mail body</source>
        <translation>Cuerpo del correo electrónico</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Adjunto</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>In the case</source>
        <translation>En el caso</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>Adjuntos</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Not an e-mail or a mailbox: the E-mail tab shows .eml and mbox files.</source>
        <translation>No es un correo electrónico ni un buzón: la pestaña Correo muestra archivos .eml y mbox.</translation>
    </message>
    <message>
        <source>Reading the e-mail…</source>
        <translation>Leyendo el correo electrónico…</translation>
    </message>
    <message>
        <source>The first {0} of {1} characters; the Text tab holds the whole text.</source>
        <translation>Los primeros {0} de {1} caracteres; la pestaña Texto contiene el texto completo.</translation>
    </message>
    <message>
        <source>An HTML body, shown as plain text (nothing is loaded, no script runs).</source>
        <translation>Un cuerpo HTML, mostrado como texto sin formato (no se carga nada ni se ejecuta ningún script).</translation>
    </message>
    <message>
        <source>The message has no text body.</source>
        <translation>El mensaje no tiene cuerpo de texto.</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>yes: double-click opens it</source>
        <translation>sí: un doble clic lo abre</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>No attachments</source>
        <translation>Sin adjuntos</translation>
    </message>
</context>
<context>
    <name>EntitiesView</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>Encontrado</translation>
    </message>
    <message>
        <source>Normalised</source>
        <translation>Normalizado</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Entities found in the item</source>
        <translation>Entidades encontradas en el elemento</translation>
    </message>
    <message>
        <source>{0} entities</source>
        <translation>{0} entidades</translation>
    </message>
    <message>
        <source>No entities were found in this item (or the entities stage has not run).</source>
        <translation>No se encontraron entidades en este elemento (o la etapa de entidades no se ha ejecutado).</translation>
    </message>
</context>
<context>
    <name>EntityModel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Written as</source>
        <translation>Escrito como</translation>
    </message>
    <message>
        <source>Normalised</source>
        <translation>Normalizado</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>Menciones</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>Alias</translation>
    </message>
</context>
<context>
    <name>EvidenceTreeModel</name>
    <message>
        <source>Evidence</source>
        <translation>Evidencias</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>borrado</translation>
    </message>
    <message>
        <source>orphan</source>
        <translation>huérfano</translation>
    </message>
    <message>
        <source>stream</source>
        <translation>flujo</translation>
    </message>
    <message>
        <source>snapshot</source>
        <translation>instantánea</translation>
    </message>
    <message>
        <source>encrypted</source>
        <translation>cifrado</translation>
    </message>
    <message>
        <source>container</source>
        <translation>contenedor</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) directly here</source>
        <translation>
            <numerusform>%n archivo directamente aquí</numerusform>
            <numerusform>%n archivos directamente aquí</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTreeView</name>
    <message>
        <source>Evidence tree</source>
        <translation>Árbol de evidencias</translation>
    </message>
    <message>
        <source>The evidence tree could not be read: %1</source>
        <translation>No se pudo leer el árbol de evidencias: %1</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export the case</source>
        <translation>Exportar el caso</translation>
    </message>
    <message>
        <source>CASE/UCO 1.4.0 JSON-LD (for other forensic tools)</source>
        <translation>CASE/UCO 1.4.0 JSON-LD (para otras herramientas forenses)</translation>
    </message>
    <message>
        <source>Portable case of chosen items (for the prosecutor)</source>
        <translation>Caso portátil con los elementos elegidos (para la fiscalía)</translation>
    </message>
    <message>
        <source>VICS 2.0 (categorised media, for Project VIC tools)</source>
        <translation>VICS 2.0 (medios categorizados, para herramientas de Project VIC)</translation>
    </message>
    <message>
        <source>Bookmarked items</source>
        <translation>Elementos marcados</translation>
    </message>
    <message>
        <source>Categorised items</source>
        <translation>Elementos categorizados</translation>
    </message>
    <message>
        <source>Every file of the case</source>
        <translation>Todos los archivos del caso</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <source>&amp;Items:</source>
        <translation>&amp;Elementos:</translation>
    </message>
    <message>
        <source>&amp;Passphrase of the portable case:</source>
        <translation>&amp;Frase de paso del caso portátil:</translation>
    </message>
    <message>
        <source>&amp;Repeat it:</source>
        <translation>&amp;Repítala:</translation>
    </message>
    <message>
        <source>&amp;Write to:</source>
        <translation>Es&amp;cribir en:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>This case is open read-only: an export is recorded in the custody chain, so open the case for work or review to export it.</source>
        <translation>Este caso está abierto solo para lectura: una exportación se registra en la cadena de custodia, así que abra el caso para trabajar o revisar para exportarlo.</translation>
    </message>
    <message>
        <source>Choose where to write the export.</source>
        <translation>Elija dónde escribir la exportación.</translation>
    </message>
    <message>
        <source>Give the portable case a passphrase of its own.</source>
        <translation>Dé al caso portátil una frase de paso propia.</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Las dos frases de paso no coinciden.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportado a %1.</translation>
    </message>
    <message>
        <source>The investigation, evidence, ingest runs, files with their hashes and times, containment, and the examiners&apos; tags and notes, as CASE/UCO 1.4.0 JSON-LD.</source>
        <translation>La investigación, las evidencias, las ingestas, los archivos con sus hashes y fechas, la contención y las etiquetas y notas de los examinadores, como CASE/UCO 1.4.0 JSON-LD.</translation>
    </message>
    <message>
        <source>A new encrypted case holding only the chosen items, their content and findings, with a passphrase of its own. It opens read-only, and its custody chain starts from this case&apos;s head.</source>
        <translation>Un caso cifrado nuevo que contiene solo los elementos elegidos, su contenido y sus hallazgos, con una frase de paso propia. Se abre solo para lectura y su cadena de custodia parte de la cabeza de este caso.</translation>
    </message>
    <message>
        <source>The categorised media (one entry per MD5) as VICS 2.0 JSON.</source>
        <translation>Los medios categorizados (una entrada por MD5) como JSON VICS 2.0.</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportar a</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
</context>
<context>
    <name>ExposureCountLabel</name>
    <message>
        <source>Clear views of flagged material: private to you, kept in your profile only</source>
        <translation>Vistas sin difuminar de material señalado: solo para usted, se guardan únicamente en su perfil</translation>
    </message>
    <message>
        <source>Clear views: {0} this session, {1} today</source>
        <translation>Vistas sin difuminar: {0} en esta sesión, {1} hoy</translation>
    </message>
</context>
<context>
    <name>ExposureMonitor</name>
    <message numerus="yes">
        <source>%n minute(s) without a break</source>
        <translation>
            <numerusform>%n minuto sin descanso</numerusform>
            <numerusform>%n minutos sin descanso</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clear view(s) of flagged material since your last break</source>
        <translation>
            <numerusform>%n vista sin difuminar de material señalado desde su último descanso</numerusform>
            <numerusform>%n vistas sin difuminar de material señalado desde su último descanso</numerusform>
        </translation>
    </message>
    <message>
        <source>No case is open: reveals in presentation-safe mode cannot be logged.</source>
        <translation>No hay ningún caso abierto: las visualizaciones en el modo seguro para presentaciones no se pueden registrar.</translation>
    </message>
    <message>
        <source>This case is open read-only: reveals in presentation-safe mode are logged in the custody chain, and this session cannot log them.</source>
        <translation>Este caso está abierto en solo lectura: las visualizaciones en el modo seguro para presentaciones se registran en la cadena de custodia, y esta sesión no puede registrarlas.</translation>
    </message>
</context>
<context>
    <name>ExposureSettingsDialog</name>
    <message>
        <source>Exposure settings</source>
        <translation>Configuración de exposición</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Offer a break after</source>
        <translation>Ofrecer un descanso tras</translation>
    </message>
    <message>
        <source>…or after this many clear views of flagged material</source>
        <translation>…o tras este número de vistas sin difuminar de material señalado</translation>
    </message>
    <message>
        <source>Snooze puts the offer off for</source>
        <translation>Posponer aplaza la oferta durante</translation>
    </message>
    <message>
        <source>Flagged items start at</source>
        <translation>Los elementos señalados empiezan en</translation>
    </message>
    <message>
        <source>Other items start at</source>
        <translation>Los demás elementos empiezan en</translation>
    </message>
    <message>
        <source>Flagged material starting as a description only means fewer clear views: most decisions need no pixels.</source>
        <translation>Si el material señalado empieza solo con una descripción, habrá menos vistas sin difuminar: la mayoría de las decisiones no necesitan píxeles.</translation>
    </message>
</context>
<context>
    <name>FaceCard</name>
    <message>
        <source>Face crop {0}</source>
        <translation>Recorte de rostro {0}</translation>
    </message>
    <message>
        <source>Face {0}</source>
        <translation>Rostro {0}</translation>
    </message>
    <message>
        <source>Show clear (C)</source>
        <translation>Mostrar sin difuminar (C)</translation>
    </message>
    <message>
        <source>Adult (Shift+A)</source>
        <translation>Adulto (Shift+A)</translation>
    </message>
    <message>
        <source>Minor (Shift+M)</source>
        <translation>Menor (Shift+M)</translation>
    </message>
    <message>
        <source>Unsure (Shift+U)</source>
        <translation>Dudoso (Shift+U)</translation>
    </message>
    <message>
        <source>▶ Face {0}</source>
        <translation>▶ Rostro {0}</translation>
    </message>
</context>
<context>
    <name>FileTableModel</name>
    <message>
        <source>Snippet</source>
        <translation>Fragmento</translation>
    </message>
    <message>
        <source>Where the search matched</source>
        <translation>Dónde coincidió la búsqueda</translation>
    </message>
    <message>
        <source>%1 (not sortable)</source>
        <translation>%1 (no ordenable)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
</context>
<context>
    <name>FileTableView</name>
    <message>
        <source>Category: %1</source>
        <translation>Categoría: %1</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Carpeta: %1</translation>
    </message>
    <message>
        <source>Search: %1</source>
        <translation>Búsqueda: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 is empty</source>
        <translation>%1 vacío</translation>
    </message>
    <message>
        <source>%1 is not empty</source>
        <translation>%1 no vacío</translation>
    </message>
    <message>
        <source>%1 contains %2</source>
        <translation>%1 contiene %2</translation>
    </message>
    <message>
        <source>Sort ascending</source>
        <translation>Orden ascendente</translation>
    </message>
    <message>
        <source>Sort descending</source>
        <translation>Orden descendente</translation>
    </message>
    <message>
        <source>Filter %1…</source>
        <translation>Filtrar %1…</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
    <message>
        <source>Only %1 = %2</source>
        <translation>Solo %1 = %2</translation>
    </message>
    <message>
        <source>Exclude %1 = %2</source>
        <translation>Excluir %1 = %2</translation>
    </message>
    <message>
        <source>Only %1: %2</source>
        <translation>Solo %1: %2</translation>
    </message>
    <message>
        <source>Item %1</source>
        <translation>Elemento %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Filter the current column…</source>
        <translation>Filtrar la columna actual…</translation>
    </message>
    <message>
        <source>Sort by the current column (again: reverse)</source>
        <translation>Ordenar por la columna actual (otra vez: invertir)</translation>
    </message>
    <message>
        <source>Remove every filter</source>
        <translation>Quitar todos los filtros</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Leyendo…</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n archivo</numerusform>
            <numerusform>%n archivos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterChips</name>
    <message>
        <source>Filters:</source>
        <translation>Filtros:</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Quitar todos</translation>
    </message>
    <message>
        <source>Clear all filters</source>
        <translation>Quitar todos los filtros</translation>
    </message>
</context>
<context>
    <name>FilterDialog</name>
    <message>
        <source>Filter: %1</source>
        <translation>Filtro: %1</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparación</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>2024-05-01 or 2024-05-01T13:00:00</source>
        <translation>2024-05-01 o 2024-05-01T13:00:00</translation>
    </message>
    <message>
        <source>&amp;Comparison:</source>
        <translation>Com&amp;paración:</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>&amp;Valor:</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>contiene</translation>
    </message>
    <message>
        <source>is</source>
        <translation>es</translation>
    </message>
    <message>
        <source>is not</source>
        <translation>no es</translation>
    </message>
    <message>
        <source>at least / from</source>
        <translation>como mínimo / desde</translation>
    </message>
    <message>
        <source>at most / until</source>
        <translation>como máximo / hasta</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
</context>
<context>
    <name>GalleryModel</name>
    <message>
        <source>%1 bytes</source>
        <translation>%1 bytes</translation>
    </message>
    <message>
        <source>video, %1 key frames</source>
        <translation>vídeo, %1 fotogramas clave</translation>
    </message>
    <message>
        <source>%1 copies with the same SHA-256</source>
        <translation>%1 copias con el mismo SHA-256</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Borrado</translation>
    </message>
    <message>
        <source>exact hash</source>
        <translation>hash exacto</translation>
    </message>
    <message>
        <source>perceptual hash</source>
        <translation>hash perceptual</translation>
    </message>
    <message>
        <source>Hash-set hit: %1 (%2) in %3</source>
        <translation>Coincidencia de conjunto de hash: %1 (%2) en %3</translation>
    </message>
    <message>
        <source>Hash sets: %1</source>
        <translation>Conjuntos de hash: %1</translation>
    </message>
    <message>
        <source>Examiner&apos;s category: %1</source>
        <translation>Categoría del examinador: %1</translation>
    </message>
    <message>
        <source>Triage score: %1</source>
        <translation>Puntuación de triaje: %1</translation>
    </message>
    <message>
        <source>Triage score: not analysed</source>
        <translation>Puntuación de triaje: sin analizar</translation>
    </message>
    <message>
        <source>Suggested (not a decision): %1</source>
        <translation>Sugerida (no es una decisión): %1</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Revisado</translation>
    </message>
    <message>
        <source>Not reviewed yet</source>
        <translation>Aún sin revisar</translation>
    </message>
    <message>
        <source>No thumbnail</source>
        <translation>Sin miniatura</translation>
    </message>
</context>
<context>
    <name>GalleryView</name>
    <message>
        <source>Gallery</source>
        <translation>Galería</translation>
    </message>
    <message>
        <source>Next unreviewed tile</source>
        <translation>Siguiente miniatura sin revisar</translation>
    </message>
    <message>
        <source>Group by</source>
        <translation>Agrupar por</translation>
    </message>
    <message>
        <source>No grouping</source>
        <translation>Sin agrupar</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <source>Hash set</source>
        <translation>Conjunto de hash</translation>
    </message>
    <message>
        <source>Examiner&apos;s category</source>
        <translation>Categoría del examinador</translation>
    </message>
    <message>
        <source>Triage band</source>
        <translation>Franja de triaje</translation>
    </message>
    <message>
        <source>Near-duplicate group</source>
        <translation>Grupo de casi duplicados</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Path order</source>
        <translation>Por ruta</translation>
    </message>
    <message>
        <source>Triage score, highest first</source>
        <translation>Puntuación de triaje, de mayor a menor</translation>
    </message>
    <message>
        <source>Unreviewed only</source>
        <translation>Solo sin revisar</translation>
    </message>
    <message>
        <source>Stack same-hash copies</source>
        <translation>Apilar las copias con el mismo hash</translation>
    </message>
    <message>
        <source>Advance after deciding</source>
        <translation>Avanzar tras decidir</translation>
    </message>
    <message>
        <source>After a category key, go on to the next unreviewed tile</source>
        <translation>Tras una tecla de categoría, pasar a la siguiente miniatura sin revisar</translation>
    </message>
    <message>
        <source>Tile size</source>
        <translation>Tamaño de las miniaturas</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>Agrupar por:</translation>
    </message>
    <message>
        <source>Tile size:</source>
        <translation>Tamaño de miniatura:</translation>
    </message>
    <message>
        <source>Show the whole gallery</source>
        <translation>Mostrar toda la galería</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Grupos</translation>
    </message>
    <message>
        <source>Gallery tiles</source>
        <translation>Miniaturas de la galería</translation>
    </message>
    <message>
        <source>Showing only: %1 (%2)</source>
        <translation>Solo se muestra: %1 (%2)</translation>
    </message>
    <message>
        <source>Reading the gallery…</source>
        <translation>Leyendo la galería…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Every group</source>
        <translation>Todos los grupos</translation>
    </message>
    <message>
        <source>%1 — %2 (%3 unreviewed)</source>
        <translation>%1 — %2 (%3 sin revisar)</translation>
    </message>
    <message>
        <source>No hash-set match</source>
        <translation>Sin coincidencias en conjuntos de hash</translation>
    </message>
    <message>
        <source>Not categorised</source>
        <translation>Sin categorizar</translation>
    </message>
    <message>
        <source>No near duplicate</source>
        <translation>Sin casi duplicados</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>Triage ≥ 0.70</source>
        <translation>Triaje ≥ 0.70</translation>
    </message>
    <message>
        <source>Triage %1–0.70</source>
        <translation>Triaje %1–0.70</translation>
    </message>
    <message>
        <source>Triage 0.10–%1</source>
        <translation>Triaje 0.10–%1</translation>
    </message>
    <message>
        <source>Triage &lt; 0.10</source>
        <translation>Triaje &lt; 0.10</translation>
    </message>
    <message>
        <source>Near-duplicate group %1</source>
        <translation>Grupo de casi duplicados %1</translation>
    </message>
    <message>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <source>Every tile listed here is reviewed</source>
        <translation>Todas las miniaturas de esta lista están revisadas</translation>
    </message>
    <message>
        <source>Tiles: %1 · files: %2 · not reviewed: %3</source>
        <translation>Miniaturas: %1 · archivos: %2 · sin revisar: %3</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
</context>
<context>
    <name>HandOutDialog</name>
    <message>
        <source>Hand out the training case</source>
        <translation>Repartir el caso de formación</translation>
    </message>
    <message>
        <source>Copies the processed training case once per trainee into a folder, with the tasks (without their answers). The answer key is never copied.</source>
        <translation>Copia el caso de formación procesado en una carpeta, una vez por alumno, con las tareas (sin sus respuestas). El solucionario nunca se copia.</translation>
    </message>
    <message>
        <source>One trainee per line</source>
        <translation>Un alumno por línea</translation>
    </message>
    <message>
        <source>Also copy the training &amp;evidence (from the answer key&apos;s folder)</source>
        <translation>Copiar también las &amp;evidencias de formación (de la carpeta del solucionario)</translation>
    </message>
    <message>
        <source>Processed &amp;case</source>
        <translation>Caso &amp;procesado</translation>
    </message>
    <message>
        <source>&amp;Answer key</source>
        <translation>&amp;Solucionario</translation>
    </message>
    <message>
        <source>&amp;Trainees</source>
        <translation>&amp;Alumnos</translation>
    </message>
    <message>
        <source>&amp;Folder to hand out</source>
        <translation>Carpeta de &amp;destino</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>&amp;Hand out</source>
        <translation>&amp;Repartir</translation>
    </message>
    <message>
        <source>The processed training case</source>
        <translation>El caso de formación procesado</translation>
    </message>
    <message>
        <source>HEROES cases (*.heroes);;All files (*)</source>
        <translation>Casos HEROES (*.heroes);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The answer key</source>
        <translation>El solucionario</translation>
    </message>
    <message>
        <source>Answer keys (*.json);;All files (*)</source>
        <translation>Solucionarios (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>The folder to hand out</source>
        <translation>La carpeta de destino del reparto</translation>
    </message>
    <message>
        <source>Choose the processed training case.</source>
        <translation>Elija el caso de formación procesado.</translation>
    </message>
    <message>
        <source>Choose the answer key (only its tasks are handed out).</source>
        <translation>Elija el solucionario (solo se reparten sus tareas).</translation>
    </message>
    <message>
        <source>Choose the folder to hand out.</source>
        <translation>Elija la carpeta de destino.</translation>
    </message>
    <message>
        <source>Written in {folder}: {cases} case copy(ies), the tasks sheet and {evidence} evidence file(s). The answer key is not there: keep it away from the trainees.</source>
        <translation>Escrito en {folder}: {cases} copia(s) del caso, la hoja de tareas y {evidence} archivo(s) de evidencia. El solucionario no está allí: guárdelo fuera del alcance de los alumnos.</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>Copiando…</translation>
    </message>
</context>
<context>
    <name>HashSetConfirmDialog</name>
    <message>
        <source>Confirm known material from the hash sets</source>
        <translation>Confirmar material conocido a partir de los conjuntos de hash</translation>
    </message>
    <message>
        <source>These pictures will not be shown. Each file below is categorised from the category its exact hash-set matches give it, without being opened or displayed; the custody chain records that the category came from a hash set and that the file was not shown.</source>
        <translation>Estas imágenes no se mostrarán. Cada archivo de la lista se categoriza con la categoría que le dan sus coincidencias exactas con conjuntos de hash, sin abrirlo ni mostrarlo; la cadena de custodia registra que la categoría procede de un conjunto de hash y que el archivo no se mostró.</translation>
    </message>
    <message>
        <source>Categories to confirm</source>
        <translation>Categorías que confirmar</translation>
    </message>
    <message>
        <source>Reading what the hash sets give…</source>
        <translation>Leyendo lo que indican los conjuntos de hash…</translation>
    </message>
    <message>
        <source>&amp;Confirm the checked categories</source>
        <translation>&amp;Confirmar las categorías marcadas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>This case is open read-only (or for review): categories cannot be confirmed</source>
        <translation>Este caso está abierto en solo lectura (o para revisión): no se pueden confirmar categorías</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Detenido: %1</translation>
    </message>
    <message>
        <source>Not confirmed: %1</source>
        <translation>No confirmado: %1</translation>
    </message>
    <message>
        <source>Stopping after the files being written…</source>
        <translation>Deteniendo tras los archivos que se están guardando…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Nothing to confirm: no uncategorised file has exact hash-set matches that give it a category.</source>
        <translation>Nada que confirmar: ningún archivo sin categorizar tiene coincidencias exactas con conjuntos de hash que le den una categoría.</translation>
    </message>
    <message>
        <source>Uncheck what you do not want confirmed, then confirm.</source>
        <translation>Desmarque lo que no quiera confirmar y luego confirme.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) categorised from their hash sets; none was shown</source>
        <translation>
            <numerusform>%n archivo categorizado a partir de sus conjuntos de hash; no se mostró</numerusform>
            <numerusform>%n archivos categorizados a partir de sus conjuntos de hash; no se mostró ninguno</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) matched only perceptually: left to you, since a perceptual match means the picture looks like a listed one, not that it is the same file.</source>
        <translation>
            <numerusform>%n archivo con coincidencias solo perceptuales: queda a su criterio, porque una coincidencia perceptual significa que la imagen se parece a una de la lista, no que sea el mismo archivo.</numerusform>
            <numerusform>%n archivos con coincidencias solo perceptuales: quedan a su criterio, porque una coincidencia perceptual significa que la imagen se parece a una de la lista, no que sea el mismo archivo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) whose exact hash-set matches disagree on the category: left to you, since no set decides them.</source>
        <translation>
            <numerusform>%n archivo cuyas coincidencias exactas con conjuntos de hash discrepan en la categoría: queda a su criterio, porque ningún conjunto lo decide.</numerusform>
            <numerusform>%n archivos cuyas coincidencias exactas con conjuntos de hash discrepan en la categoría: quedan a su criterio, porque ningún conjunto los decide.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s): %1 from %2</source>
        <translation>
            <numerusform>%n archivo: %1 según %2</numerusform>
            <numerusform>%n archivos: %1 según %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Confirming %n file(s), without showing them…</source>
        <translation>
            <numerusform>Confirmando %n archivo, sin mostrarlo…</numerusform>
            <numerusform>Confirmando %n archivos, sin mostrarlos…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HexModel</name>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>offset {0} (0x{1:X})</source>
        <translation>desplazamiento {0} (0x{1:X})</translation>
    </message>
</context>
<context>
    <name>HexViewer</name>
    <message>
        <source>Cannot read: {0}</source>
        <translation>No se puede leer: {0}</translation>
    </message>
    <message>
        <source>Go to offset (4096 or 0x1000)</source>
        <translation>Ir al desplazamiento (4096 o 0x1000)</translation>
    </message>
    <message>
        <source>Go to offset</source>
        <translation>Ir al desplazamiento</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Find bytes or text</source>
        <translation>Buscar bytes o texto</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>Bytes hexadecimales</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Distinguir mayúsculas</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>Buscar siguiente</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>Buscar anterior</translation>
    </message>
    <message>
        <source>Previous GiB</source>
        <translation>GiB anterior</translation>
    </message>
    <message>
        <source>Next GiB</source>
        <translation>GiB siguiente</translation>
    </message>
    <message>
        <source>{0} bytes</source>
        <translation>{0} bytes</translation>
    </message>
    <message>
        <source>bytes {0:,}–{1:,} of {2:,}</source>
        <translation>bytes {0:,}–{1:,} de {2:,}</translation>
    </message>
    <message>
        <source>offset {0} is outside the item (0 to {1})</source>
        <translation>el desplazamiento {0} está fuera del elemento (0 a {1})</translation>
    </message>
    <message>
        <source>At offset {0} (0x{1:X})</source>
        <translation>En el desplazamiento {0} (0x{1:X})</translation>
    </message>
    <message>
        <source>Search stopped</source>
        <translation>Búsqueda detenida</translation>
    </message>
    <message>
        <source>Type what to find</source>
        <translation>Escriba lo que quiere buscar</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>Found at offset {0} (0x{1:X})</source>
        <translation>Encontrado en el desplazamiento {0} (0x{1:X})</translation>
    </message>
    <message>
        <source>Search failed: {0}</source>
        <translation>La búsqueda ha fallado: {0}</translation>
    </message>
</context>
<context>
    <name>HistogramStrip</name>
    <message>
        <source>Timeline histogram</source>
        <translation>Histograma de la línea de tiempo</translation>
    </message>
    <message>
        <source>custody</source>
        <translation>custodia</translation>
    </message>
    <message>
        <source>Times in %1</source>
        <translation>Horas en %1</translation>
    </message>
    <message>
        <source> · one bar per %1</source>
        <translation> · una barra por %1</translation>
    </message>
    <message>
        <source>%1 file events</source>
        <translation>%1 eventos de archivos</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>NO: {reason}</source>
        <translation>NO: {reason}</translation>
    </message>
    <message>
        <source>cannot be vouched for (after the break)</source>
        <translation>no se puede garantizar (tras la ruptura)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source> · lab: {what}</source>
        <translation> · laboratorio: {what}</translation>
    </message>
</context>
<context>
    <name>IdentityForm</name>
    <message>
        <source>Examiner</source>
        <translation>Examinador/a</translation>
    </message>
    <message>
        <source>Supervisor (review and sign only)</source>
        <translation>Supervisor/a (solo revisa y firma)</translation>
    </message>
    <message>
        <source>Trainer</source>
        <translation>Formador/a</translation>
    </message>
    <message>
        <source>Trainee</source>
        <translation>En formación</translation>
    </message>
    <message>
        <source>Your name as it appears in the custody log</source>
        <translation>Su nombre tal como aparece en el registro de custodia</translation>
    </message>
    <message>
        <source>&amp;Who is working</source>
        <translation>&amp;Quién trabaja</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Función</translation>
    </message>
    <message>
        <source>Signing-&amp;key passphrase</source>
        <translation>Frase de paso de la &amp;clave de firma</translation>
    </message>
    <message>
        <source>Re&amp;peat the key passphrase</source>
        <translation>Re&amp;pita la frase de paso de la clave</translation>
    </message>
    <message>
        <source>No signing key for this name in your profile yet: one is made now, sealed with this passphrase.</source>
        <translation>Aún no hay clave de firma para este nombre en su perfil: se crea ahora, protegida con esta frase de paso.</translation>
    </message>
    <message>
        <source>Say who is working: a name is recorded with every change.</source>
        <translation>Indique quién trabaja: cada cambio queda registrado con un nombre.</translation>
    </message>
    <message>
        <source>Enter the passphrase of your signing key.</source>
        <translation>Escriba la frase de paso de su clave de firma.</translation>
    </message>
    <message>
        <source>The two key passphrases differ.</source>
        <translation>Las dos frases de paso de la clave no coinciden.</translation>
    </message>
</context>
<context>
    <name>IngestPanel</name>
    <message>
        <source>CUDA available (ONNX Runtime)</source>
        <translation>CUDA disponible (ONNX Runtime)</translation>
    </message>
    <message>
        <source>no CUDA execution provider: auto runs on the CPU</source>
        <translation>sin proveedor de ejecución CUDA: «automático» se ejecuta en la CPU</translation>
    </message>
    <message>
        <source>ONNX Runtime unavailable: {error}</source>
        <translation>ONNX Runtime no disponible: {error}</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>auto (the GPU when there is one)</source>
        <translation>automático (la GPU si hay una)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>GPU CUDA</translation>
    </message>
    <message>
        <source>Looking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>&amp;Jobs:</source>
        <translation>Tareas &amp;simultáneas:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Dispositivo:</translation>
    </message>
    <message>
        <source>&amp;OCR languages:</source>
        <translation>Idiomas de &amp;OCR:</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Etapas</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Ca&amp;ncelar</translation>
    </message>
    <message>
        <source>No ingest yet</source>
        <translation>Aún no hay procesamiento</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hechos</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallidos</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Omitidos</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>File id</source>
        <translation>ID de archivo</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fallos</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>installed (case-level)</source>
        <translation>instalada (a nivel de caso)</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>instalada</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>no instalada</translation>
    </message>
    <message>
        <source>installed: {languages}</source>
        <translation>instalados: {languages}</translation>
    </message>
    <message>
        <source>This session is read-only: the ingest needs a read-write session.</source>
        <translation>Esta sesión es de solo lectura: el procesamiento necesita una sesión de lectura y escritura.</translation>
    </message>
    <message>
        <source>The ingest needs the case passphrase and a signing key: open the case read-write.</source>
        <translation>El procesamiento necesita la frase de paso del caso y una clave de firma: abra el caso en lectura y escritura.</translation>
    </message>
    <message>
        <source>Looking up the installed stages…</source>
        <translation>Buscando las etapas instaladas…</translation>
    </message>
    <message>
        <source>Tick at least one stage.</source>
        <translation>Marque al menos una etapa.</translation>
    </message>
    <message>
        <source>Starting the ingest…</source>
        <translation>Iniciando el procesamiento…</translation>
    </message>
    <message>
        <source>Stopping at once…</source>
        <translation>Deteniendo de inmediato…</translation>
    </message>
    <message>
        <source>Stopping after the items in flight; committed work is kept…</source>
        <translation>Deteniendo tras los elementos en curso; el trabajo ya guardado se conserva…</translation>
    </message>
    <message>
        <source>Stop &amp;now</source>
        <translation>Detener a&amp;hora</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reanudar</translation>
    </message>
    <message>
        <source>No ingest yet: add evidence, then Start.</source>
        <translation>Aún no hay procesamiento: añada evidencias y pulse Iniciar.</translation>
    </message>
    <message>
        <source>Run {run} is marked running ({phase}); if no ingest runs now, it was stopped abruptly: Resume continues it.</source>
        <translation>La ejecución {run} figura en marcha ({phase}); si ahora no hay ningún procesamiento en curso, se detuvo bruscamente: Reanudar la continúa.</translation>
    </message>
    <message>
        <source>Run {run}: {phase}</source>
        <translation>Ejecución {run}: {phase}</translation>
    </message>
    <message>
        <source>Run {run} interrupted; committed work is kept. Resume continues it.</source>
        <translation>Ejecución {run} interrumpida; el trabajo ya guardado se conserva. Reanudar la continúa.</translation>
    </message>
    <message>
        <source>Run {run} ended abruptly (killed or crashed); committed work is kept. Resume continues it.</source>
        <translation>Ejecución {run} terminada de golpe (matada o caída); el trabajo ya guardado se conserva. Reanudar la continúa.</translation>
    </message>
    <message>
        <source>Run {run} finished</source>
        <translation>Ejecución {run} terminada</translation>
    </message>
    <message>
        <source>Run {run}: {status}</source>
        <translation>Ejecución {run}: {status}</translation>
    </message>
    <message>
        <source>Entries found: {found:,}</source>
        <translation>Entradas encontradas: {found:,}</translation>
    </message>
    <message>
        <source>Volumes walked: {done} of {total}</source>
        <translation>Volúmenes recorridos: {done} de {total}</translation>
    </message>
    <message>
        <source>Items: {done:,} of {total:,} ({failed:,} failed)</source>
        <translation>Elementos: {done:,} de {total:,} ({failed:,} fallidos)</translation>
    </message>
    <message>
        <source>Bytes: {done} of {total}</source>
        <translation>Bytes: {done} de {total}</translation>
    </message>
    <message>
        <source>Rate: {rate}/s, {items:.0f} items/s; time left: {left}</source>
        <translation>Velocidad: {rate}/s, {items:.0f} elementos/s; tiempo restante: {left}</translation>
    </message>
    <message>
        <source>Items by node: {nodes}</source>
        <translation>Elementos por nodo: {nodes}</translation>
    </message>
    <message>
        <source>Elapsed: {elapsed}</source>
        <translation>Transcurrido: {elapsed}</translation>
    </message>
    <message>
        <source>(whole item)</source>
        <translation>(elemento completo)</translation>
    </message>
    <message>
        <source>Failures: {count:,}</source>
        <translation>Fallos: {count:,}</translation>
    </message>
    <message>
        <source> (the first {shown:,} listed)</source>
        <translation> (se muestran los primeros {shown:,})</translation>
    </message>
    <message>
        <source>opening the evidence and scanning volumes</source>
        <translation>abriendo la evidencia y explorando los volúmenes</translation>
    </message>
    <message>
        <source>walking file systems</source>
        <translation>recorriendo los sistemas de archivos</translation>
    </message>
    <message>
        <source>processing items</source>
        <translation>procesando elementos</translation>
    </message>
    <message>
        <source>matching hash sets</source>
        <translation>comparando con los conjuntos de hash</translation>
    </message>
    <message>
        <source>finding entities</source>
        <translation>buscando entidades</translation>
    </message>
    <message>
        <source>modelling topics</source>
        <translation>modelando temas</translation>
    </message>
</context>
<context>
    <name>LinksGraphView</name>
    <message numerus="yes">
        <source>%n shared document(s)</source>
        <translation>
            <numerusform>%n documento compartido</numerusform>
            <numerusform>%n documentos compartidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n archivo</numerusform>
            <numerusform>%n archivos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Evidence</source>
        <translation>Evidencias</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Categorías</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Visor</translation>
    </message>
    <message>
        <source>Ingest</source>
        <translation>Procesado</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>Galería</translation>
    </message>
    <message>
        <source>Triage queue</source>
        <translation>Cola de triaje</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Línea de tiempo</translation>
    </message>
    <message>
        <source>P2P</source>
        <translation>P2P</translation>
    </message>
    <message>
        <source>Custody</source>
        <translation>Cadena de custodia</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>Qué se hizo</translation>
    </message>
    <message>
        <source>Blind review</source>
        <translation>Revisión ciega</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <source>{panel}: {reason}</source>
        <translation>{panel}: {reason}</translation>
    </message>
    <message>
        <source>not available yet</source>
        <translation>aún no disponible</translation>
    </message>
    <message>
        <source>could not be shown ({reason})</source>
        <translation>no se pudo mostrar ({reason})</translation>
    </message>
    <message>
        <source> [read-only]</source>
        <translation> [solo lectura]</translation>
    </message>
    <message>
        <source> [review]</source>
        <translation> [revisión]</translation>
    </message>
    <message>
        <source>{name}{mode} — HEROES Desktop</source>
        <translation>{name}{mode} — HEROES Desktop</translation>
    </message>
    <message>
        <source>Show more of the current item (reveal ladder)</source>
        <translation>Mostrar más del elemento actual (escala de visualización)</translation>
    </message>
    <message>
        <source>Show less of the current item (reveal ladder)</source>
        <translation>Mostrar menos del elemento actual (escala de visualización)</translation>
    </message>
    <message>
        <source>Face crops of the current item</source>
        <translation>Recortes de rostros del elemento actual</translation>
    </message>
    <message>
        <source>Pictures similar to the current item</source>
        <translation>Imágenes similares al elemento actual</translation>
    </message>
    <message>
        <source>Add evidence…</source>
        <translation>Añadir evidencia…</translation>
    </message>
    <message>
        <source>Report…</source>
        <translation>Informe…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Export categorised media as VICS 2.0…</source>
        <translation>Exportar los medios categorizados como VICS 2.0…</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Cerrar el caso</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Reveal images (blurred and greyscale until then)</source>
        <translation>Mostrar las imágenes (difuminadas y en grises hasta entonces)</translation>
    </message>
    <message>
        <source>Show the ingest panel</source>
        <translation>Mostrar el panel de procesado</translation>
    </message>
    <message>
        <source>Go to the search box</source>
        <translation>Ir al cuadro de búsqueda</translation>
    </message>
    <message>
        <source>Go to the evidence tree</source>
        <translation>Ir al árbol de evidencias</translation>
    </message>
    <message>
        <source>Go to the categories</source>
        <translation>Ir a las categorías</translation>
    </message>
    <message>
        <source>Go to the file table</source>
        <translation>Ir a la tabla de archivos</translation>
    </message>
    <message>
        <source>Go to the viewer</source>
        <translation>Ir al visor</translation>
    </message>
    <message>
        <source>Go to the gallery</source>
        <translation>Ir a la galería</translation>
    </message>
    <message>
        <source>Go to the triage queue</source>
        <translation>Ir a la cola de triaje</translation>
    </message>
    <message>
        <source>Go to the review pane</source>
        <translation>Ir al panel de revisión</translation>
    </message>
    <message>
        <source>Go to people and identifiers</source>
        <translation>Ir a personas e identificadores</translation>
    </message>
    <message>
        <source>Go to the topics</source>
        <translation>Ir a los temas</translation>
    </message>
    <message>
        <source>Go to the timeline</source>
        <translation>Ir a la línea de tiempo</translation>
    </message>
    <message>
        <source>Go to the P2P records</source>
        <translation>Ir a los registros P2P</translation>
    </message>
    <message>
        <source>Export the selection as CSV…</source>
        <translation>Exportar la selección como CSV…</translation>
    </message>
    <message>
        <source>Files like the current one (topics)</source>
        <translation>Archivos similares al actual (temas)</translation>
    </message>
    <message>
        <source>Confirm hash-set categories without viewing…</source>
        <translation>Confirmar categorías de los conjuntos de hash sin visualizar…</translation>
    </message>
    <message>
        <source>Carry a decision to the near-duplicate group…</source>
        <translation>Trasladar una decisión al grupo de casi duplicados…</translation>
    </message>
    <message>
        <source>Presentation-safe mode (everything obscured, names masked)</source>
        <translation>Modo seguro para presentaciones (todo difuminado, nombres ocultos)</translation>
    </message>
    <message>
        <source>Take a break now</source>
        <translation>Tomar un descanso ahora</translation>
    </message>
    <message>
        <source>Exposure and break settings…</source>
        <translation>Configuración de exposición y descansos…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Go to the chain of custody</source>
        <translation>Ir a la cadena de custodia</translation>
    </message>
    <message>
        <source>Go to what was done to the case</source>
        <translation>Ir a lo que se hizo en el caso</translation>
    </message>
    <message>
        <source>Go to the blind second review</source>
        <translation>Ir a la segunda revisión ciega</translation>
    </message>
    <message>
        <source>Sign the review…</source>
        <translation>Firmar la revisión…</translation>
    </message>
    <message>
        <source>This session cannot change the case (opened read-only or for review).</source>
        <translation>Esta sesión no puede modificar el caso (abierto en solo lectura o para revisión).</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Revisión</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>solo consulta</translation>
    </message>
    <message>
        <source>images shown clear (F8 obscures)</source>
        <translation>imágenes visibles (F8 las oculta)</translation>
    </message>
    <message>
        <source>images blurred and greyscale (F8 reveals)</source>
        <translation>imágenes difuminadas y en grises (F8 las muestra)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>solo lectura</translation>
    </message>
    <message>
        <source>read-write</source>
        <translation>lectura y escritura</translation>
    </message>
    <message>
        <source>Choose a document in the file table first.</source>
        <translation>Elija primero un documento en la tabla de archivos.</translation>
    </message>
    <message>
        <source>Pictures similar to item {id}</source>
        <translation>Imágenes similares al elemento {id}</translation>
    </message>
    <message>
        <source>Choose a picture in the gallery or the triage queue first.</source>
        <translation>Elija primero una imagen en la galería o en la cola de triaje.</translation>
    </message>
    <message>
        <source>Break taken: the session count starts again.</source>
        <translation>Descanso tomado: el recuento de la sesión vuelve a empezar.</translation>
    </message>
    <message>
        <source>Adding evidence is not available yet.</source>
        <translation>Añadir evidencias aún no está disponible.</translation>
    </message>
    <message>
        <source>Stopping the ingest; the case closes when it has stopped…</source>
        <translation>Deteniendo el procesamiento; el caso se cerrará cuando se haya detenido…</translation>
    </message>
    <message>
        <source>An ingest is running</source>
        <translation>Hay un procesado en marcha</translation>
    </message>
    <message>
        <source>An ingest is running. Stop it and close the case? What it has committed is kept, and the next start continues from there.</source>
        <translation>Hay un procesado en marcha. ¿Detenerlo y cerrar el caso? Lo ya guardado se conserva y el siguiente inicio continúa desde ahí.</translation>
    </message>
</context>
<context>
    <name>MatchesView</name>
    <message>
        <source>Hash set</source>
        <translation>Conjunto de hash</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distancia</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etiqueta</translation>
    </message>
    <message>
        <source>Hash-set matches of the item</source>
        <translation>Coincidencias del elemento con conjuntos de hash</translation>
    </message>
    <message>
        <source>{0} matches</source>
        <translation>{0} coincidencias</translation>
    </message>
    <message>
        <source>No hash-set match for this item.</source>
        <translation>Este elemento no coincide con ningún conjunto de hash.</translation>
    </message>
</context>
<context>
    <name>MetadataView</name>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Item metadata</source>
        <translation>Metadatos del elemento</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Hashes</source>
        <translation>Hashes</translation>
    </message>
    <message>
        <source> ({0:.3f} s)</source>
        <translation> ({0:.3f} s)</translation>
    </message>
    <message>
        <source>Stages</source>
        <translation>Etapas</translation>
    </message>
    <message>
        <source>no stage has run on this item yet</source>
        <translation>aún no se ha ejecutado ninguna etapa sobre este elemento</translation>
    </message>
    <message>
        <source>bookmark {0}</source>
        <translation>marcador {0}</translation>
    </message>
    <message>
        <source>withdrawn by {0} at {1}</source>
        <translation>retirado por {0} el {1}</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>no tags</source>
        <translation>sin etiquetas</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Multimedia</translation>
    </message>
    <message>
        <source>{0} characters{1}</source>
        <translation>{0} caracteres{1}</translation>
    </message>
    <message>
        <source>Texts</source>
        <translation>Textos</translation>
    </message>
    <message>
        <source>no text extracted</source>
        <translation>no se extrajo texto</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>Custody</source>
        <translation>Cadena de custodia</translation>
    </message>
    <message>
        <source>no custody event names this item</source>
        <translation>ningún evento de custodia menciona este elemento</translation>
    </message>
</context>
<context>
    <name>NearDuplicateDialog</name>
    <message>
        <source>Carry a decision to the near duplicates</source>
        <translation>Trasladar una decisión a los casi duplicados</translation>
    </message>
    <message>
        <source>Reading the near-duplicate group…</source>
        <translation>Leyendo el grupo de casi duplicados…</translation>
    </message>
    <message>
        <source>The pictures are shown blurred and in greyscale, whatever your reveal setting. “Apply to the group” stays off until every member has been shown: scroll through the whole list. Uncheck a member to leave it out.</source>
        <translation>Las imágenes se muestran difuminadas y en escala de grises, sea cual sea su ajuste de visualización. «Aplicar al grupo» permanece desactivado hasta que se hayan mostrado todos los miembros: recorra toda la lista. Desmarque un miembro para excluirlo.</translation>
    </message>
    <message>
        <source>Category to carry</source>
        <translation>Categoría que trasladar</translation>
    </message>
    <message>
        <source>Choose a category…</source>
        <translation>Elija una categoría…</translation>
    </message>
    <message>
        <source>Members of the near-duplicate group</source>
        <translation>Miembros del grupo de casi duplicados</translation>
    </message>
    <message>
        <source>&amp;Apply to the group</source>
        <translation>&amp;Aplicar al grupo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>&amp;Category:</source>
        <translation>&amp;Categoría:</translation>
    </message>
    <message>
        <source>This case is open read-only (or for review): a decision cannot be carried</source>
        <translation>Este caso está abierto en solo lectura (o para revisión): no se puede trasladar una decisión</translation>
    </message>
    <message>
        <source>Not written: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
    <message>
        <source>This picture has no near duplicate: there is no group to carry a decision to.</source>
        <translation>Esta imagen no tiene casi duplicados: no hay ningún grupo al que trasladar una decisión.</translation>
    </message>
    <message>
        <source>Shown so far: %1 of %2</source>
        <translation>Mostrados hasta ahora: %1 de %2</translation>
    </message>
    <message>
        <source>(scroll through the list: Apply waits until every member was shown)</source>
        <translation>(recorra la lista: Aplicar espera hasta que se hayan mostrado todos los miembros)</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>No group to carry a decision to</source>
        <translation>No hay ningún grupo al que trasladar la decisión</translation>
    </message>
    <message>
        <source>Every member of the group must be shown first</source>
        <translation>Primero deben mostrarse todos los miembros del grupo</translation>
    </message>
    <message>
        <source>Choose the category to carry</source>
        <translation>Elija la categoría que trasladar</translation>
    </message>
    <message>
        <source>Check at least one member</source>
        <translation>Marque al menos un miembro</translation>
    </message>
    <message numerus="yes">
        <source>%1 carried to %n file(s)</source>
        <translation>
            <numerusform>%1 trasladado a %n archivo</numerusform>
            <numerusform>%1 trasladado a %n archivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n picture(s) in the near-duplicate group of %1</source>
        <translation>
            <numerusform>%n imagen en el grupo de casi duplicados de %1</numerusform>
            <numerusform>%n imágenes en el grupo de casi duplicados de %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Writing %1 on %n file(s)…</source>
        <translation>
            <numerusform>Guardando %1 en %n archivo…</numerusform>
            <numerusform>Guardando %1 en %n archivos…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NearDuplicateModel</name>
    <message>
        <source>the picture decided</source>
        <translation>la imagen ya decidida</translation>
    </message>
    <message>
        <source>distance %1</source>
        <translation>distancia %1</translation>
    </message>
    <message>
        <source>reading the thumbnail…</source>
        <translation>leyendo la miniatura…</translation>
    </message>
    <message>
        <source>no thumbnail stored: nothing to show (unchecked)</source>
        <translation>no hay miniatura guardada: nada que mostrar (desmarcado)</translation>
    </message>
    <message>
        <source>%1, distance %2</source>
        <translation>%1, distancia %2</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>Nuevo caso</translation>
    </message>
    <message>
        <source>Where the new case file goes (.heroes)</source>
        <translation>Dónde se guarda el archivo del nuevo caso (.heroes)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>&amp;Case file</source>
        <translation>Archivo del &amp;caso</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <source>Case &amp;number</source>
        <translation>&amp;Número del caso</translation>
    </message>
    <message>
        <source>Case &amp;passphrase</source>
        <translation>&amp;Frase de paso del caso</translation>
    </message>
    <message>
        <source>Repeat the case passphrase</source>
        <translation>Repita la frase de paso del caso</translation>
    </message>
    <message>
        <source>Keep the passphrase safe: without it the case cannot be opened by anyone.</source>
        <translation>Guarde bien la frase de paso: sin ella nadie puede abrir el caso.</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>C&amp;rear</translation>
    </message>
    <message>
        <source>HEROES cases (*.heroes);;All files (*)</source>
        <translation>Casos HEROES (*.heroes);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose where the new case file goes.</source>
        <translation>Elija dónde se guarda el archivo del nuevo caso.</translation>
    </message>
    <message>
        <source>Choose a case passphrase.</source>
        <translation>Elija una frase de paso para el caso.</translation>
    </message>
    <message>
        <source>The two case passphrases differ.</source>
        <translation>Las dos frases de paso del caso no coinciden.</translation>
    </message>
    <message>
        <source>Creating the case…</source>
        <translation>Creando el caso…</translation>
    </message>
</context>
<context>
    <name>OpenCaseDialog</name>
    <message>
        <source>Open case</source>
        <translation>Abrir caso</translation>
    </message>
    <message>
        <source>The case file (.heroes)</source>
        <translation>El archivo del caso (.heroes)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>Open &amp;read-only (view only: nothing in the case is changed, no signing key needed)</source>
        <translation>Abrir en solo &amp;lectura (solo consulta: no se modifica nada del caso ni hace falta clave de firma)</translation>
    </message>
    <message>
        <source>&amp;Case file</source>
        <translation>Archivo del &amp;caso</translation>
    </message>
    <message>
        <source>Case &amp;passphrase</source>
        <translation>&amp;Frase de paso del caso</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Abrir</translation>
    </message>
    <message>
        <source>HEROES cases (*.heroes);;All files (*)</source>
        <translation>Casos HEROES (*.heroes);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose the case file to open.</source>
        <translation>Elija el archivo del caso que quiere abrir.</translation>
    </message>
    <message>
        <source>Enter the case passphrase.</source>
        <translation>Escriba la frase de paso del caso.</translation>
    </message>
    <message>
        <source>Opening the case…</source>
        <translation>Abriendo el caso…</translation>
    </message>
</context>
<context>
    <name>P2PView</name>
    <message>
        <source>Kind of record</source>
        <translation>Tipo de registro</translation>
    </message>
    <message>
        <source>Matched records only</source>
        <translation>Solo registros con coincidencia</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Tipo:</translation>
    </message>
    <message>
        <source>P2P records by client</source>
        <translation>Registros P2P por cliente</translation>
    </message>
    <message>
        <source>Each client&apos;s records, those that match a hash set first and marked with the set and its category</source>
        <translation>Los registros de cada cliente; primero, y marcados con el conjunto y su categoría, los que coinciden con un conjunto de hashes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>Fechas</translation>
    </message>
    <message>
        <source>Content files</source>
        <translation>Archivos de contenido</translation>
    </message>
    <message>
        <source>Artifact</source>
        <translation>Artefacto</translation>
    </message>
    <message>
        <source>Hash-set match</source>
        <translation>Coincidencia con conjunto de hashes</translation>
    </message>
    <message>
        <source>Details of the record</source>
        <translation>Detalles del registro</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Case files that are the record&apos;s content</source>
        <translation>Archivos del caso que son el contenido del registro</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <source>Linked by</source>
        <translation>Vinculado por</translation>
    </message>
    <message>
        <source>Pieces matched</source>
        <translation>Piezas coincidentes</translation>
    </message>
    <message>
        <source>Show content files</source>
        <translation>Mostrar archivos de contenido</translation>
    </message>
    <message>
        <source>Show artifact</source>
        <translation>Mostrar artefacto</translation>
    </message>
    <message>
        <source>P2P</source>
        <translation>P2P</translation>
    </message>
    <message>
        <source>Show the chosen records&apos; content files in the file table</source>
        <translation>Mostrar en la tabla de archivos los archivos de contenido de los registros elegidos</translation>
    </message>
    <message>
        <source>Show the client files the chosen records were read from</source>
        <translation>Mostrar los archivos del cliente de los que se leyeron los registros elegidos</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>The P2P records could not be read: %1</source>
        <translation>No se pudieron leer los registros P2P: %1</translation>
    </message>
    <message>
        <source>No P2P records in this case. The p2p stage reads what P2P clients keep (torrent files, eMule, Shareaza and Ares files, µTorrent, qBittorrent and Transmission resume files) during an ingest, and the p2p-content stage links each record to the case files that are its content: run an ingest with these stages to fill this panel.</source>
        <translation>No hay registros P2P en este caso. La etapa p2p lee lo que guardan los clientes P2P (archivos torrent, archivos de eMule, Shareaza y Ares, archivos de reanudación de µTorrent, qBittorrent y Transmission) durante una ingesta, y la etapa p2p-content vincula cada registro con los archivos del caso que son su contenido: ejecute una ingesta con estas etapas para llenar este panel.</translation>
    </message>
    <message>
        <source>No P2P record matches the filter; the case holds %1.</source>
        <translation>Ningún registro P2P cumple el filtro; el caso tiene %1.</translation>
    </message>
    <message>
        <source>Records shown: %1; matching a hash set: %2</source>
        <translation>Registros mostrados: %1; coinciden con un conjunto de hashes: %2</translation>
    </message>
    <message>
        <source>%1 (%2; matching a hash set: %3)</source>
        <translation>%1 (%2; coinciden con un conjunto de hashes: %3)</translation>
    </message>
    <message>
        <source>Torrent files</source>
        <translation>Archivos torrent</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>by the record&apos;s %1</source>
        <translation>por el %1 del registro</translation>
    </message>
    <message>
        <source>by content file %1</source>
        <translation>por el archivo de contenido %1</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>BitTorrent info-hash (v1)</source>
        <translation>Info-hash de BitTorrent (v1)</translation>
    </message>
    <message>
        <source>BitTorrent info-hash (v2)</source>
        <translation>Info-hash de BitTorrent (v2)</translation>
    </message>
    <message>
        <source>ED2K</source>
        <translation>ED2K</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Choose a P2P record or a client first</source>
        <translation>Elija primero un registro P2P o un cliente</translation>
    </message>
    <message>
        <source>No case file is linked to this record as its content</source>
        <translation>Ningún archivo del caso está vinculado a este registro como su contenido</translation>
    </message>
    <message>
        <source>P2P content: %1</source>
        <translation>Contenido P2P: %1</translation>
    </message>
    <message>
        <source>P2P artifact: %1</source>
        <translation>Artefacto P2P: %1</translation>
    </message>
</context>
<context>
    <name>PdfPagesViewer</name>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
    <message>
        <source>Go to page</source>
        <translation>Ir a la página</translation>
    </message>
    <message>
        <source>Rendered page</source>
        <translation>Página representada</translation>
    </message>
    <message>
        <source>Text of the page</source>
        <translation>Texto de la página</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Not a PDF: the Pages tab shows the pages of PDF documents.</source>
        <translation>No es un PDF: la pestaña Páginas muestra las páginas de los documentos PDF.</translation>
    </message>
    <message>
        <source>Rendering page {0}…</source>
        <translation>Representando la página {0}…</translation>
    </message>
    <message>
        <source>page {0} of {1}</source>
        <translation>página {0} de {1}</translation>
    </message>
    <message>
        <source>(no text on this page: it may be a scan)</source>
        <translation>(no hay texto en esta página: puede ser un escaneo)</translation>
    </message>
    <message>
        <source>Shown clear</source>
        <translation>Mostrada sin difuminar</translation>
    </message>
    <message>
        <source>Obscured (the reveal key shows it)</source>
        <translation>Difuminada (la tecla de visualización la muestra)</translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message>
        <source>Kind of entity</source>
        <translation>Tipo de entidad</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Filter by name, number, address…</source>
        <translation>Filtrar por nombre, número, dirección…</translation>
    </message>
    <message>
        <source>Filter entities by text</source>
        <translation>Filtrar las entidades por texto</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>Fusionar con…</translation>
    </message>
    <message>
        <source>Merge the selected entity into another</source>
        <translation>Fusionar la entidad seleccionada con otra</translation>
    </message>
    <message>
        <source>Withdraw merge</source>
        <translation>Retirar la fusión</translation>
    </message>
    <message>
        <source>Withdraw a merge into the selected entity</source>
        <translation>Retirar una fusión con la entidad seleccionada</translation>
    </message>
    <message>
        <source>Entities of the case</source>
        <translation>Entidades del caso</translation>
    </message>
    <message>
        <source>Links between entities</source>
        <translation>Vínculos entre entidades</translation>
    </message>
    <message>
        <source>Links of the selected entity, strongest first</source>
        <translation>Vínculos de la entidad seleccionada, de más fuerte a más débil</translation>
    </message>
    <message>
        <source>Documents behind the chosen link</source>
        <translation>Documentos detrás del vínculo elegido</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <source>Merge the selected entity into another…</source>
        <translation>Fusionar la entidad seleccionada con otra…</translation>
    </message>
    <message>
        <source>Zoom into the links graph</source>
        <translation>Acercar el grafo de vínculos</translation>
    </message>
    <message>
        <source>Zoom out of the links graph</source>
        <translation>Alejar el grafo de vínculos</translation>
    </message>
    <message>
        <source>Fit the links graph</source>
        <translation>Ajustar el grafo de vínculos a la vista</translation>
    </message>
    <message>
        <source>Every kind (%1)</source>
        <translation>Todos los tipos (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n entities</source>
        <translation>
            <numerusform>%n entidad</numerusform>
            <numerusform>%n entidades</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the links…</source>
        <translation>Leyendo los vínculos…</translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 — %n shared document(s)</source>
        <translation>
            <numerusform>%1 %2 — %n documento compartido</numerusform>
            <numerusform>%1 %2 — %n documentos compartidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n linked entities</source>
        <translation>
            <numerusform>%n entidad vinculada</numerusform>
            <numerusform>%n entidades vinculadas</numerusform>
        </translation>
    </message>
    <message>
        <source>only part is shown: %1</source>
        <translation>solo se muestra una parte: %1</translation>
    </message>
    <message>
        <source>File %1: double-click or Enter to open</source>
        <translation>Archivo %1: doble clic o Intro para abrirlo</translation>
    </message>
    <message>
        <source>This session is read-only: merges cannot be recorded</source>
        <translation>Esta sesión es de solo lectura: no se pueden registrar fusiones</translation>
    </message>
    <message>
        <source>Merge the selected entity into:</source>
        <translation>Fusionar la entidad seleccionada con:</translation>
    </message>
    <message>
        <source>No other entity is listed to merge into: clear the filter first</source>
        <translation>No hay ninguna otra entidad en la lista con la que fusionar: quite primero el filtro</translation>
    </message>
    <message>
        <source>Count %1 under %2 from now on? The entities stay as found; the merge is recorded in the custody log and can be withdrawn.</source>
        <translation>¿Contar %1 como %2 a partir de ahora? Las entidades se conservan tal como se encontraron; la fusión se registra en el registro de custodia y puede retirarse.</translation>
    </message>
    <message numerus="yes">
        <source>Merged: %n file(s) now count under %1</source>
        <translation>
            <numerusform>Fusionada: %n archivo cuenta ahora como %1</numerusform>
            <numerusform>Fusionada: %n archivos cuentan ahora como %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Withdraw the merge of:</source>
        <translation>Retirar la fusión de:</translation>
    </message>
    <message>
        <source>Withdraw the merge of %1 into %2? The withdrawal is recorded in the custody log.</source>
        <translation>¿Retirar la fusión de %1 con %2? La retirada se registra en el registro de custodia.</translation>
    </message>
    <message>
        <source>Merge withdrawn: %1 counts on its own again</source>
        <translation>Fusión retirada: %1 vuelve a contar por sí misma</translation>
    </message>
</context>
<context>
    <name>PreviewView</name>
    <message>
        <source>Picture</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>Text preview</source>
        <translation>Vista previa del texto</translation>
    </message>
    <message>
        <source>PDF page</source>
        <translation>Página del PDF</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>No preview for this type ({0}); see the Text and Hex tabs.</source>
        <translation>No hay vista previa para este tipo ({0}); vea las pestañas Texto y Hex.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>The picture is {0} bytes: too large to preview (see the Hex tab).</source>
        <translation>La imagen ocupa {0} bytes: demasiado grande para la vista previa (vea la pestaña Hex).</translation>
    </message>
    <message>
        <source>Decoding the picture…</source>
        <translation>Decodificando la imagen…</translation>
    </message>
    <message>
        <source>A video: see its key frames once the media stage has analysed it.</source>
        <translation>Un vídeo: sus fotogramas clave se verán cuando la etapa multimedia lo haya analizado.</translation>
    </message>
    <message>
        <source>No key frames of this video were analysed (the media stage makes them); it is never played on its own.</source>
        <translation>No se analizaron fotogramas clave de este vídeo (los crea la etapa multimedia); nunca se reproduce solo.</translation>
    </message>
    <message>
        <source>{0} key frames; the video is not played here</source>
        <translation>{0} fotogramas clave; el vídeo no se reproduce aquí</translation>
    </message>
    <message>
        <source>Reading the key frames…</source>
        <translation>Leyendo los fotogramas clave…</translation>
    </message>
    <message>
        <source>The PDF is {0} bytes: too large to render here.</source>
        <translation>El PDF ocupa {0} bytes: demasiado grande para mostrarlo aquí.</translation>
    </message>
    <message>
        <source>Rendering page {0}…</source>
        <translation>Representando la página {0}…</translation>
    </message>
    <message>
        <source>The first {0} of {1} bytes</source>
        <translation>Los primeros {0} de {1} bytes</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Leyendo…</translation>
    </message>
    <message>
        <source>of {0}</source>
        <translation>de {0}</translation>
    </message>
    <message>
        <source>{0} × {1} pixels</source>
        <translation>{0} × {1} píxeles</translation>
    </message>
    <message>
        <source>Shown clear</source>
        <translation>Mostrada sin difuminar</translation>
    </message>
    <message>
        <source>Obscured</source>
        <translation>Difuminada</translation>
    </message>
    <message>
        <source>No preview: {0}</source>
        <translation>Sin vista previa: {0}</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Write the examination report</source>
        <translation>Escribir el informe pericial</translation>
    </message>
    <message>
        <source>PDF (one file)</source>
        <translation>PDF (un archivo)</translation>
    </message>
    <message>
        <source>HTML (one self-contained folder)</source>
        <translation>HTML (una carpeta autónoma)</translation>
    </message>
    <message>
        <source>Bookmarked items</source>
        <translation>Elementos marcados</translation>
    </message>
    <message>
        <source>Categorised items</source>
        <translation>Elementos categorizados</translation>
    </message>
    <message>
        <source>Every file of the case</source>
        <translation>Todos los archivos del caso</translation>
    </message>
    <message>
        <source>Obscured (greyscale, blurred)</source>
        <translation>Ocultas (en gris, difuminadas)</translation>
    </message>
    <message>
        <source>No pictures</source>
        <translation>Sin imágenes</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Sin difuminar</translation>
    </message>
    <message>
        <source>Also write a restricted annex with the pictures of CAT-1 and CAT-2 items</source>
        <translation>Escribir también un anexo restringido con las imágenes de los elementos CAT-1 y CAT-2</translation>
    </message>
    <message>
        <source>The report itself never pictures CAT-1 or CAT-2 items; the annex is a separate, signed document for those entitled to see them.</source>
        <translation>El informe nunca muestra imágenes de elementos CAT-1 o CAT-2; el anexo es un documento aparte y firmado para quienes estén autorizados a verlas.</translation>
    </message>
    <message>
        <source>What was asked, in your words (optional)</source>
        <translation>Lo que se pidió, con sus palabras (opcional)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Formato:</translation>
    </message>
    <message>
        <source>&amp;Items:</source>
        <translation>&amp;Elementos:</translation>
    </message>
    <message>
        <source>&amp;Pictures:</source>
        <translation>&amp;Imágenes:</translation>
    </message>
    <message>
        <source>&amp;Requested by:</source>
        <translation>&amp;Solicitado por:</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>&amp;Alcance:</translation>
    </message>
    <message>
        <source>&amp;Write to:</source>
        <translation>Es&amp;cribir en:</translation>
    </message>
    <message>
        <source>Preview of page %1</source>
        <translation>Vista previa de la página %1</translation>
    </message>
    <message>
        <source>&amp;Update the preview</source>
        <translation>&amp;Actualizar la vista previa</translation>
    </message>
    <message>
        <source>&amp;Write and sign the report</source>
        <translation>Escribir y &amp;firmar el informe</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>This case is open read-only: a report is recorded in the custody chain, so open the case for work or review to write one.</source>
        <translation>Este caso está abierto solo para lectura: un informe se registra en la cadena de custodia, así que abra el caso para trabajar o revisar para escribirlo.</translation>
    </message>
    <message>
        <source>Laying out the first pages…</source>
        <translation>Componiendo las primeras páginas…</translation>
    </message>
    <message>
        <source>Preview: the first pages of the report, laid out with its first findings.</source>
        <translation>Vista previa: las primeras páginas del informe, compuestas con sus primeros hallazgos.</translation>
    </message>
    <message>
        <source>Choose where to write the report.</source>
        <translation>Elija dónde escribir el informe.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Report %1 written to %2 and signed (%3); recorded as custody event %4.</source>
        <translation>Informe %1 escrito en %2 y firmado (%3); registrado como evento de custodia %4.</translation>
    </message>
    <message>
        <source>Restricted annex: %1.</source>
        <translation>Anexo restringido: %1.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Write the report to</source>
        <translation>Escribir el informe en</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Write the report folder to</source>
        <translation>Escribir la carpeta del informe en</translation>
    </message>
    <message>
        <source>Laying out pages: %1</source>
        <translation>Componiendo páginas: %1</translation>
    </message>
    <message>
        <source>Reading the case: %1 of %2 items</source>
        <translation>Leyendo el caso: %1 de %2 elementos</translation>
    </message>
</context>
<context>
    <name>RevealStep</name>
    <message>
        <source>Description only (no pixels)</source>
        <translation>Solo descripción (sin píxeles)</translation>
    </message>
    <message>
        <source>Heavy blur, greyscale</source>
        <translation>Difuminado intenso, en grises</translation>
    </message>
    <message>
        <source>Light blur</source>
        <translation>Difuminado leve</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Sin difuminar</translation>
    </message>
</context>
<context>
    <name>ReviewPane</name>
    <message>
        <source>Space or Ctrl+Up: show more · Backspace or Ctrl+Down: less · F: faces · S: similar pictures</source>
        <translation>Space o Ctrl+Up: mostrar más · Backspace o Ctrl+Down: menos · F: rostros · S: imágenes similares</translation>
    </message>
    <message>
        <source>Video: its key frames only — no autoplay; sound off.</source>
        <translation>Vídeo: solo sus fotogramas clave — sin reproducción automática; sin sonido.</translation>
    </message>
    <message>
        <source>Picture under review</source>
        <translation>Imagen en revisión</translation>
    </message>
    <message>
        <source>Review: show more (one step up the ladder)</source>
        <translation>Revisión: mostrar más (un paso arriba en la escala)</translation>
    </message>
    <message>
        <source>Review: show less (one step back)</source>
        <translation>Revisión: mostrar menos (un paso atrás)</translation>
    </message>
    <message>
        <source>Review: back to the item&apos;s first step</source>
        <translation>Revisión: volver al primer paso del elemento</translation>
    </message>
    <message>
        <source>Review: show or hide the face crops</source>
        <translation>Revisión: mostrar u ocultar los recortes de rostros</translation>
    </message>
    <message>
        <source>Review: similar pictures (in the gallery)</source>
        <translation>Revisión: imágenes similares (en la galería)</translation>
    </message>
    <message>
        <source>Review: next face</source>
        <translation>Revisión: rostro siguiente</translation>
    </message>
    <message>
        <source>Review: previous face</source>
        <translation>Revisión: rostro anterior</translation>
    </message>
    <message>
        <source>Review: this face crop clear, or obscured again</source>
        <translation>Revisión: este recorte de rostro sin difuminar, o difuminado de nuevo</translation>
    </message>
    <message>
        <source>Review: this face is an adult</source>
        <translation>Revisión: este rostro es de un adulto</translation>
    </message>
    <message>
        <source>Review: this face is a minor</source>
        <translation>Revisión: este rostro es de un menor</translation>
    </message>
    <message>
        <source>Review: unsure of this face&apos;s age</source>
        <translation>Revisión: edad de este rostro dudosa</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>No face was found in this item.</source>
        <translation>No se encontró ningún rostro en este elemento.</translation>
    </message>
    <message>
        <source>In presentation-safe mode the face crops follow the item&apos;s step: show the item more (logged) instead.</source>
        <translation>En el modo seguro para presentaciones, los recortes de rostros siguen el paso del elemento: en su lugar, muestre más el elemento (queda registrado).</translation>
    </message>
    <message>
        <source>A blind review decides categories only; age decisions stay the examiner&apos;s.</source>
        <translation>Una revisión ciega solo decide categorías; las decisiones de edad siguen correspondiendo al examinador.</translation>
    </message>
    <message>
        <source>Decide from the face crop: it is shown now.</source>
        <translation>Decida a partir del recorte del rostro: ahora se muestra.</translation>
    </message>
    <message>
        <source>This case is open read-only: age decisions cannot be recorded.</source>
        <translation>Este caso está abierto en solo lectura: no se pueden registrar decisiones de edad.</translation>
    </message>
    <message>
        <source>Recording…</source>
        <translation>Registrando…</translation>
    </message>
    <message>
        <source>The age decision was not recorded: {0}</source>
        <translation>No se registró la decisión de edad: {0}</translation>
    </message>
    <message>
        <source>Similar pictures are not shown during a blind review.</source>
        <translation>Durante una revisión ciega no se muestran imágenes similares.</translation>
    </message>
    <message>
        <source>Looking for similar pictures…</source>
        <translation>Buscando imágenes similares…</translation>
    </message>
    <message>
        <source>Similar pictures: {0}, shown in the gallery.</source>
        <translation>Imágenes similares: {0}, mostradas en la galería.</translation>
    </message>
    <message>
        <source>No similar picture in this case.</source>
        <translation>No hay imágenes similares en este caso.</translation>
    </message>
    <message>
        <source>Similar pictures could not be found: {0}</source>
        <translation>No se pudieron buscar imágenes similares: {0}</translation>
    </message>
    <message>
        <source>Hidden again: the reveal could not be logged ({0})</source>
        <translation>Oculto de nuevo: no se pudo registrar la visualización ({0})</translation>
    </message>
    <message>
        <source>Not a file of this case</source>
        <translation>No es un archivo de este caso</translation>
    </message>
    <message>
        <source>Signals:</source>
        <translation>Señales:</translation>
    </message>
    <message>
        <source>The picture could not be shown: {0}</source>
        <translation>No se pudo mostrar la imagen: {0}</translation>
    </message>
    <message>
        <source>The item could not be reviewed: {0}</source>
        <translation>No se pudo revisar el elemento: {0}</translation>
    </message>
    <message>
        <source> · flagged</source>
        <translation> · señalado</translation>
    </message>
    <message>
        <source> · presentation-safe</source>
        <translation> · modo presentación</translation>
    </message>
    <message>
        <source>Step {0} of 4: {1}</source>
        <translation>Paso {0} de 4: {1}</translation>
    </message>
    <message>
        <source>Decoding…</source>
        <translation>Decodificando…</translation>
    </message>
    <message>
        <source>No picture to show (a video without analysed key frames).</source>
        <translation>No hay imagen que mostrar (un vídeo sin fotogramas clave analizados).</translation>
    </message>
    <message>
        <source>No pixels at this step</source>
        <translation>Sin píxeles en este paso</translation>
    </message>
    <message>
        <source>No crop</source>
        <translation>Sin recorte</translation>
    </message>
    <message>
        <source>Decided: adult</source>
        <translation>Decidido: adulto</translation>
    </message>
    <message>
        <source>Decided: minor</source>
        <translation>Decidido: menor</translation>
    </message>
    <message>
        <source>Decided: unsure</source>
        <translation>Decidido: dudoso</translation>
    </message>
    <message>
        <source>, deleted</source>
        <translation>, borrado</translation>
    </message>
    <message>
        <source>, median {0:.0f}</source>
        <translation>, mediana {0:.0f}</translation>
    </message>
    <message>
        <source>, {0} key frames</source>
        <translation>, {0} fotogramas clave</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Contexto</translation>
    </message>
    <message>
        <source>Context: {0}</source>
        <translation>Contexto: {0}</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Detector</translation>
    </message>
    <message>
        <source>Detector: no nudity labels</source>
        <translation>Detector: sin etiquetas de desnudez</translation>
    </message>
    <message>
        <source>Detector: {0}</source>
        <translation>Detector: {0}</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Rostro</translation>
    </message>
    <message>
        <source>Hash set</source>
        <translation>Conjunto de hash</translation>
    </message>
    <message>
        <source>Hash set {name}: {category} ({kind}, {how})</source>
        <translation>Conjunto de hash {name}: {category} ({kind}, {how})</translation>
    </message>
    <message>
        <source>Hash sets disagree: {0}</source>
        <translation>Los conjuntos de hash discrepan: {0}</translation>
    </message>
    <message>
        <source>No face found</source>
        <translation>No se encontró ningún rostro</translation>
    </message>
    <message>
        <source>Not analysed by image triage</source>
        <translation>Sin analizar por el triaje de imágenes</translation>
    </message>
    <message>
        <source>Picture, {size}</source>
        <translation>Imagen, {size}</translation>
    </message>
    <message>
        <source>Picture, {width}×{height}, {size}</source>
        <translation>Imagen, {width}×{height}, {size}</translation>
    </message>
    <message>
        <source>Triage score {score:.2f}</source>
        <translation>Puntuación de triaje {score:.2f}</translation>
    </message>
    <message>
        <source>Triage score {score:.2f}, suggests {category}</source>
        <translation>Puntuación de triaje {score:.2f}, sugiere {category}</translation>
    </message>
    <message>
        <source>Video, {length}, {audio}, {size}</source>
        <translation>Vídeo, {length}, {audio}, {size}</translation>
    </message>
    <message>
        <source>Your category: {0}</source>
        <translation>Su categoría: {0}</translation>
    </message>
    <message>
        <source>age unknown</source>
        <translation>edad desconocida</translation>
    </message>
    <message>
        <source>audio present (sound off)</source>
        <translation>con audio (sonido desactivado)</translation>
    </message>
    <message>
        <source>audio unknown (sound off)</source>
        <translation>audio desconocido (sonido desactivado)</translation>
    </message>
    <message>
        <source>below</source>
        <translation>por debajo</translation>
    </message>
    <message>
        <source>counted</source>
        <translation>contabilizada</translation>
    </message>
    <message>
        <source>est. age {low:.0f}–{high:.0f}</source>
        <translation>edad est. {low:.0f}–{high:.0f}</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>exacta</translation>
    </message>
    <message>
        <source>face</source>
        <translation>rostro</translation>
    </message>
    <message>
        <source>female</source>
        <translation>femenino</translation>
    </message>
    <message>
        <source>length unknown</source>
        <translation>duración desconocida</translation>
    </message>
    <message>
        <source>male</source>
        <translation>masculino</translation>
    </message>
    <message>
        <source>no audio</source>
        <translation>sin audio</translation>
    </message>
    <message>
        <source>no category</source>
        <translation>sin categoría</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nada</translation>
    </message>
    <message>
        <source>perceptual, distance {0}</source>
        <translation>perceptual, distancia {0}</translation>
    </message>
    <message>
        <source>{0:.0f} s</source>
        <translation>{0:.0f} s</translation>
    </message>
    <message>
        <source>{count} face(s): {faces}</source>
        <translation>Rostros ({count}): {faces}</translation>
    </message>
    <message>
        <source>{gender}, {ages}; P(under 18) {p:.2f}</source>
        <translation>{gender}, {ages}; P(menor de 18) {p:.2f}</translation>
    </message>
</context>
<context>
    <name>RichViewer</name>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Shown when this tab is opened.</source>
        <translation>Se muestra al abrir esta pestaña.</translation>
    </message>
    <message>
        <source>Cannot show this item: {0}</source>
        <translation>No se puede mostrar este elemento: {0}</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search the text of every file: &quot;bus station&quot; AND madr*, NOT, OR</source>
        <translation>Buscar en el texto de todos los archivos: &quot;estación de autobuses&quot; AND madr*, NOT, OR</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Búsqueda</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
</context>
<context>
    <name>SelectionExport</name>
    <message>
        <source>Exporting the selection</source>
        <translation>Exportando la selección</translation>
    </message>
    <message>
        <source>This case is open read-only: an export is recorded in the custody chain, so open the case for work or review to export.</source>
        <translation>Este caso está abierto solo para lectura: una exportación se registra en la cadena de custodia, así que abra el caso para trabajar o revisar para exportar.</translation>
    </message>
    <message>
        <source>Nothing is selected: select events of the timeline or rows of the file table first.</source>
        <translation>No hay nada seleccionado: seleccione primero eventos de la línea de tiempo o filas de la tabla de archivos.</translation>
    </message>
    <message>
        <source>Export the selection as CSV</source>
        <translation>Exportar la selección como CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>%1 rows written to %2 (SHA-256 %3…), recorded in the custody log.</source>
        <translation>%1 filas escritas en %2 (SHA-256 %3…), registradas en el registro de custodia.</translation>
    </message>
    <message>
        <source>The selection was not exported: %1</source>
        <translation>La selección no se exportó: %1</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>The training case could not be opened</source>
        <translation>No se pudo abrir el caso de formación</translation>
    </message>
</context>
<context>
    <name>ShortcutRegistry</name>
    <message>
        <source>“{key}” is not a key</source>
        <translation>«{key}» no es una tecla</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>En toda la ventana</translation>
    </message>
    <message>
        <source>the action {action} is registered twice</source>
        <translation>la acción {action} está registrada dos veces</translation>
    </message>
    <message>
        <source>{key} is already the key of “{title}” ({context})</source>
        <translation>{key} ya es la tecla de «{title}» ({context})</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Type to filter by panel, action or key</source>
        <translation>Escriba para filtrar por panel, acción o tecla</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tecla</translation>
    </message>
</context>
<context>
    <name>SignReviewDialog</name>
    <message>
        <source>Sign the review</source>
        <translation>Firmar la revisión</translation>
    </message>
    <message>
        <source>Verifying the chain…</source>
        <translation>Verificando la cadena…</translation>
    </message>
    <message>
        <source>Your note: what you checked, what you found, what must be redone.</source>
        <translation>Su nota: qué comprobó, qué encontró y qué hay que rehacer.</translation>
    </message>
    <message>
        <source>&amp;Sign with my key</source>
        <translation>&amp;Firmar con mi clave</translation>
    </message>
    <message>
        <source>Signing as {name}, supervisor.</source>
        <translation>Firma como {name}, supervisor/a.</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>A review is not signed over a chain that does not verify.</source>
        <translation>Una revisión no se firma sobre una cadena que no supera la verificación.</translation>
    </message>
    <message>
        <source>The case could not be read: {reason}</source>
        <translation>No se pudo leer el caso: {reason}</translation>
    </message>
</context>
<context>
    <name>SqliteViewer</name>
    <message>
        <source>Chat or table</source>
        <translation>Chat o tabla</translation>
    </message>
    <message>
        <source>Previous rows</source>
        <translation>Filas anteriores</translation>
    </message>
    <message>
        <source>Next rows</source>
        <translation>Filas siguientes</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Filas</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Not an SQLite database: the Database tab shows SQLite files (chats, SMS, browsers).</source>
        <translation>No es una base de datos SQLite: la pestaña Base de datos muestra archivos SQLite (chats, SMS, navegadores).</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Abriendo la base de datos…</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>leyendo…</translation>
    </message>
    <message>
        <source>Damaged: {0}.</source>
        <translation>Dañado: {0}.</translation>
    </message>
    <message>
        <source>{0} messages</source>
        <translation>{0} mensajes</translation>
    </message>
    <message>
        <source>messages not counted</source>
        <translation>mensajes sin contar</translation>
    </message>
    <message>
        <source>Chat: {0} ({1})</source>
        <translation>Chat: {0} ({1})</translation>
    </message>
    <message>
        <source>View: {0}</source>
        <translation>Vista: {0}</translation>
    </message>
    <message>
        <source>Table: {0} ({1})</source>
        <translation>Tabla: {0} ({1})</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>sin contar</translation>
    </message>
    <message>
        <source>Table: {0} ({1} rows)</source>
        <translation>Tabla: {0} ({1} filas)</translation>
    </message>
    <message>
        <source>Recovered text, not live ({0} runs)</source>
        <translation>Texto recuperado, no vigente ({0} fragmentos)</translation>
    </message>
    <message>
        <source>The database holds no table.</source>
        <translation>La base de datos no contiene ninguna tabla.</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Sender</source>
        <translation>Remitente</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>Conversación</translation>
    </message>
    <message>
        <source>Stored time</source>
        <translation>Hora almacenada</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>enviado</translation>
    </message>
    <message>
        <source>received</source>
        <translation>recibido</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>borrador</translation>
    </message>
    <message>
        <source>(device owner)</source>
        <translation>(propietario del dispositivo)</translation>
    </message>
    <message>
        <source>Times: {0}.</source>
        <translation>Horas: {0}.</translation>
    </message>
    <message>
        <source>Recovered text</source>
        <translation>Texto recuperado</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>Encontrado en</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Página</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>Desplazamiento</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Zona</translation>
    </message>
    <message>
        <source>Recovered, not live: text found in the database&apos;s free space, in -wal frames that a later one replaced, or in a transaction that was rolled back. None of it is part of the database&apos;s current state; a run may begin with a stray character of the record it came from.</source>
        <translation>Recuperado, no vigente: texto hallado en el espacio libre de la base de datos, en marcos del -wal que otro posterior reemplazó o en una transacción que se deshizo. Nada de ello forma parte del estado actual de la base de datos; un fragmento puede empezar con un carácter suelto del registro del que procede.</translation>
    </message>
    <message>
        <source>A view: its rows are computed by the query stored in the database.</source>
        <translation>Una vista: sus filas se calculan con la consulta almacenada en la base de datos.</translation>
    </message>
    <message>
        <source>The first {0} of {1} columns are shown.</source>
        <translation>Se muestran las primeras {0} de {1} columnas.</translation>
    </message>
    <message>
        <source>rows {0}–{1}</source>
        <translation>filas {0}–{1}</translation>
    </message>
    <message>
        <source>no rows</source>
        <translation>sin filas</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>HEROES Desktop</source>
        <translation>HEROES Desktop</translation>
    </message>
    <message>
        <source>Offline forensic workstation · version {version}</source>
        <translation>Estación forense sin conexión · versión {version}</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nuevo caso…</translation>
    </message>
    <message>
        <source>&amp;Open case…</source>
        <translation>&amp;Abrir caso…</translation>
    </message>
    <message>
        <source>Open the &amp;training case…</source>
        <translation>Abrir el caso de &amp;formación…</translation>
    </message>
    <message>
        <source>&amp;Classroom (trainer)…</source>
        <translation>A&amp;ula (formador)…</translation>
    </message>
    <message>
        <source>Score a folder of trainees&apos; cases against the answer key, and check the program against the key.</source>
        <translation>Calificar con el solucionario una carpeta de casos de alumnos, y comprobar el programa con el solucionario.</translation>
    </message>
    <message>
        <source>&amp;Recent cases</source>
        <translation>Casos &amp;recientes</translation>
    </message>
    <message>
        <source>No case opened yet on this computer.</source>
        <translation>Aún no se ha abierto ningún caso en este equipo.</translation>
    </message>
    <message>
        <source>{path} (not found)</source>
        <translation>{path} (no se encuentra)</translation>
    </message>
</context>
<context>
    <name>TextViewer</name>
    <message>
        <source>Text source</source>
        <translation>Origen del texto</translation>
    </message>
    <message>
        <source>Highlight (search syntax)</source>
        <translation>Resaltar (sintaxis de búsqueda)</translation>
    </message>
    <message>
        <source>Words to highlight</source>
        <translation>Palabras que resaltar</translation>
    </message>
    <message>
        <source>Previous hit</source>
        <translation>Coincidencia anterior</translation>
    </message>
    <message>
        <source>Next hit</source>
        <translation>Coincidencia siguiente</translation>
    </message>
    <message>
        <source>Item text</source>
        <translation>Texto del elemento</translation>
    </message>
    <message>
        <source>{0} ({1} characters{2})</source>
        <translation>{0} ({1} caracteres{2})</translation>
    </message>
    <message>
        <source>No text was extracted from this item.</source>
        <translation>No se extrajo texto de este elemento.</translation>
    </message>
    <message>
        <source>no hits</source>
        <translation>sin coincidencias</translation>
    </message>
    <message>
        <source>{0} hits</source>
        <translation>{0} coincidencias</translation>
    </message>
    <message>
        <source>hit {0} of {1}</source>
        <translation>coincidencia {0} de {1}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Showing the first {0} of {1} characters.</source>
        <translation>Se muestran los primeros {0} de {1} caracteres.</translation>
    </message>
    <message>
        <source>The text could not be read: {0}</source>
        <translation>No se pudo leer el texto: {0}</translation>
    </message>
</context>
<context>
    <name>TileDelegate</name>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>No thumbnail</source>
        <translation>Sin miniatura</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>borrado</translation>
    </message>
    <message>
        <source>▶ %1</source>
        <translation>▶ %1</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>modified (file system)</source>
        <translation>modificado (sistema de archivos)</translation>
    </message>
    <message>
        <source>accessed (file system)</source>
        <translation>accedido (sistema de archivos)</translation>
    </message>
    <message>
        <source>metadata changed (file system)</source>
        <translation>metadatos cambiados (sistema de archivos)</translation>
    </message>
    <message>
        <source>created (file system)</source>
        <translation>creado (sistema de archivos)</translation>
    </message>
    <message>
        <source>e-mail Date header</source>
        <translation>cabecera Date del correo electrónico</translation>
    </message>
    <message>
        <source>document created (its metadata)</source>
        <translation>documento creado (según sus metadatos)</translation>
    </message>
    <message>
        <source>document modified (its metadata)</source>
        <translation>documento modificado (según sus metadatos)</translation>
    </message>
    <message>
        <source>document printed (its metadata)</source>
        <translation>documento impreso (según sus metadatos)</translation>
    </message>
    <message>
        <source>picture taken (EXIF)</source>
        <translation>fotografía tomada (EXIF)</translation>
    </message>
    <message>
        <source>picture digitised (EXIF)</source>
        <translation>fotografía digitalizada (EXIF)</translation>
    </message>
    <message>
        <source>GPS time (EXIF)</source>
        <translation>hora GPS (EXIF)</translation>
    </message>
    <message>
        <source>custody event (the case&apos;s own log)</source>
        <translation>evento de custodia (registro propio del caso)</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Time (%1)</source>
        <translation>Hora (%1)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Path or detail</source>
        <translation>Ruta o detalle</translation>
    </message>
    <message>
        <source>File id</source>
        <translation>ID de archivo</translation>
    </message>
    <message>
        <source>Stored as %1 (UTC)</source>
        <translation>Almacenado como %1 (UTC)</translation>
    </message>
    <message>
        <source>read from: %1</source>
        <translation>leído de: %1</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>borrado</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Time zone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>The zone every time is shown in (the case stores UTC)</source>
        <translation>La zona en la que se muestran todas las horas (el caso almacena UTC)</translation>
    </message>
    <message>
        <source>Zone:</source>
        <translation>Zona:</translation>
    </message>
    <message>
        <source>Whole case</source>
        <translation>Todo el caso</translation>
    </message>
    <message>
        <source>Select range</source>
        <translation>Seleccionar intervalo</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>Quitar la selección</translation>
    </message>
    <message>
        <source>Timeline events</source>
        <translation>Eventos de la línea de tiempo</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Línea de tiempo</translation>
    </message>
    <message>
        <source>Timeline histogram</source>
        <translation>Histograma de la línea de tiempo</translation>
    </message>
    <message>
        <source>Zoom in (around the pointer)</source>
        <translation>Acercar (en torno al puntero)</translation>
    </message>
    <message>
        <source>Zoom out (around the pointer)</source>
        <translation>Alejar (en torno al puntero)</translation>
    </message>
    <message>
        <source>Move back in time</source>
        <translation>Retroceder en el tiempo</translation>
    </message>
    <message>
        <source>Move on in time</source>
        <translation>Avanzar en el tiempo</translation>
    </message>
    <message>
        <source>Show the whole case</source>
        <translation>Mostrar todo el caso</translation>
    </message>
    <message>
        <source>Select the range on screen</source>
        <translation>Seleccionar el intervalo en pantalla</translation>
    </message>
    <message>
        <source>Clear the selected range</source>
        <translation>Quitar el intervalo seleccionado</translation>
    </message>
    <message>
        <source>Range mode: a drag selects instead of moving</source>
        <translation>Modo intervalo: arrastrar selecciona en lugar de desplazar</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>no time zone called %1</source>
        <translation>no existe ninguna zona horaria llamada %1</translation>
    </message>
    <message>
        <source>the end of a range comes after its start</source>
        <translation>el final de un intervalo debe ser posterior a su inicio</translation>
    </message>
    <message>
        <source>No dated events in this case yet.</source>
        <translation>Aún no hay eventos fechados en este caso.</translation>
    </message>
    <message>
        <source>custody events: drawn on their own lane below the files&apos;</source>
        <translation>eventos de custodia: se dibujan en su propia franja, debajo de la de los archivos</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Hora: %1</translation>
    </message>
    <message>
        <source>Reading the timeline…</source>
        <translation>Leyendo la línea de tiempo…</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>%1 events shown of %2 · %3 · times in %4</source>
        <translation>%1 eventos mostrados de %2 · %3 · horas en %4</translation>
    </message>
    <message>
        <source> · the list stops here: select a narrower range for the rest</source>
        <translation> · la lista se detiene aquí: seleccione un intervalo más estrecho para ver el resto</translation>
    </message>
    <message>
        <source>Selected: </source>
        <translation>Seleccionado: </translation>
    </message>
    <message>
        <source>The timeline could not be read: %1</source>
        <translation>No se pudo leer la línea de tiempo: %1</translation>
    </message>
</context>
<context>
    <name>TopicsView</name>
    <message>
        <source>Topics</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Each topic&apos;s name, how many documents it leads, and its top terms with their weights</source>
        <translation>El nombre de cada tema, cuántos documentos encabeza y sus términos principales con sus pesos</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Top terms (weight)</source>
        <translation>Términos principales (peso)</translation>
    </message>
    <message>
        <source>Files of the topic</source>
        <translation>Archivos del tema</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Proporción</translation>
    </message>
    <message>
        <source>Main topic</source>
        <translation>Tema principal</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Ruta</translation>
    </message>
    <message>
        <source>Show these files in the table</source>
        <translation>Mostrar estos archivos en la tabla</translation>
    </message>
    <message>
        <source>Files like this one</source>
        <translation>Archivos similares a este</translation>
    </message>
    <message>
        <source>Rename topic…</source>
        <translation>Cambiar el nombre del tema…</translation>
    </message>
    <message>
        <source>Model again with</source>
        <translation>Modelar de nuevo con</translation>
    </message>
    <message>
        <source> topics</source>
        <translation> temas</translation>
    </message>
    <message>
        <source>Number of topics to model</source>
        <translation>Número de temas que modelar</translation>
    </message>
    <message>
        <source>Model again</source>
        <translation>Modelar de nuevo</translation>
    </message>
    <message>
        <source>Topic modelling progress</source>
        <translation>Progreso del modelado de temas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Show the listed files in the file table</source>
        <translation>Mostrar los archivos de la lista en la tabla de archivos</translation>
    </message>
    <message>
        <source>Files like the selected file</source>
        <translation>Archivos similares al archivo seleccionado</translation>
    </message>
    <message>
        <source>Rename the selected topic…</source>
        <translation>Cambiar el nombre del tema seleccionado…</translation>
    </message>
    <message>
        <source>Model the topics again with the number chosen</source>
        <translation>Modelar de nuevo los temas con el número elegido</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This case is open read-only (or for review): topics cannot be renamed or modelled again</source>
        <translation>Este caso está abierto en solo lectura (o para revisión): no se puede cambiar el nombre de los temas ni modelarlos de nuevo</translation>
    </message>
    <message>
        <source>Reading the files like %1…</source>
        <translation>Leyendo los archivos similares a %1…</translation>
    </message>
    <message>
        <source>File %1 has no topics: it is not in the model (no text, or too few words)</source>
        <translation>El archivo %1 no tiene temas: no está en el modelo (no tiene texto o tiene muy pocas palabras)</translation>
    </message>
    <message>
        <source>No files are listed to show in the table</source>
        <translation>No hay archivos en la lista que mostrar en la tabla</translation>
    </message>
    <message>
        <source>Like %1</source>
        <translation>Similares a %1</translation>
    </message>
    <message>
        <source>Topic: %1</source>
        <translation>Tema: %1</translation>
    </message>
    <message>
        <source>Choose a topic to rename</source>
        <translation>Elija un tema al que cambiar el nombre</translation>
    </message>
    <message>
        <source>Rename topic</source>
        <translation>Cambiar el nombre del tema</translation>
    </message>
    <message>
        <source>Name of the topic “%1” (leave empty for the automatic name):</source>
        <translation>Nombre del tema «%1» (déjelo vacío para usar el nombre automático):</translation>
    </message>
    <message>
        <source>A topic&apos;s name has at most %1 characters</source>
        <translation>El nombre de un tema tiene como máximo %1 caracteres</translation>
    </message>
    <message>
        <source>the automatic name</source>
        <translation>el nombre automático</translation>
    </message>
    <message>
        <source>Topic %1 renamed: %2</source>
        <translation>Tema %1 renombrado: %2</translation>
    </message>
    <message>
        <source>Writing the topic&apos;s name…</source>
        <translation>Guardando el nombre del tema…</translation>
    </message>
    <message>
        <source>The topics are already being modelled</source>
        <translation>Los temas ya se están modelando</translation>
    </message>
    <message>
        <source>The topics were modelled again: %1 topics</source>
        <translation>Los temas se modelaron de nuevo: %1 temas</translation>
    </message>
    <message>
        <source>Modelling cancelled: the previous model stays</source>
        <translation>Modelado cancelado: se conserva el modelo anterior</translation>
    </message>
    <message>
        <source>Too few documents with enough words to model topics</source>
        <translation>Hay demasiado pocos documentos con suficientes palabras para modelar temas</translation>
    </message>
    <message>
        <source>Modelling the topics again with %1 topics…</source>
        <translation>Modelando de nuevo los temas con %1 temas…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Automatic name (its top three terms); F2 to rename</source>
        <translation>Nombre automático (sus tres términos principales); F2 para cambiarlo</translation>
    </message>
    <message>
        <source>Named by the examiner; automatic name: %1</source>
        <translation>Nombrado por el examinador; nombre automático: %1</translation>
    </message>
    <message>
        <source>%1, %2 documents, terms: %3</source>
        <translation>%1, %2 documentos, términos: %3</translation>
    </message>
    <message>
        <source>chosen by the examiner</source>
        <translation>elegido por el examinador</translation>
    </message>
    <message>
        <source>chosen by coherence</source>
        <translation>elegido por coherencia</translation>
    </message>
    <message>
        <source>%1 topics over %2 documents, %3 (coherence %4)</source>
        <translation>%1 temas en %2 documentos, %3 (coherencia %4)</translation>
    </message>
    <message>
        <source>No topics: only %1 files of this case have text, and topic modelling needs at least %2 documents.</source>
        <translation>No hay temas: solo %1 archivos de este caso tienen texto, y el modelado de temas necesita al menos %2 documentos.</translation>
    </message>
    <message>
        <source>No topics yet: the topics stage has not modelled this case&apos;s %1 documents with text (it has not run, or their texts share too few words). Model them with the button below.</source>
        <translation>Aún no hay temas: la etapa de temas no ha modelado los %1 documentos con texto de este caso (no se ha ejecutado, o sus textos comparten muy pocas palabras). Modélelos con el botón de abajo.</translation>
    </message>
    <message>
        <source>Reading the files of “%1”…</source>
        <translation>Leyendo los archivos de «%1»…</translation>
    </message>
    <message>
        <source>%1 files most about “%2”, the largest share first</source>
        <translation>%1 archivos que tratan sobre todo de «%2», de mayor a menor proporción</translation>
    </message>
    <message>
        <source>%1 files whose topics are like those of %2, the most similar first</source>
        <translation>%1 archivos cuyos temas se parecen a los de %2, de más a menos similar</translation>
    </message>
    <message>
        <source>Files like the chosen file</source>
        <translation>Archivos similares al archivo elegido</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Similitud</translation>
    </message>
    <message>
        <source>%1 (file %2)</source>
        <translation>%1 (archivo %2)</translation>
    </message>
    <message>
        <source>file %1</source>
        <translation>archivo %1</translation>
    </message>
    <message>
        <source>Choose a file in the list first</source>
        <translation>Elija primero un archivo de la lista</translation>
    </message>
    <message>
        <source>Topics: %1</source>
        <translation>Temas: %1</translation>
    </message>
</context>
<context>
    <name>TraineeTasksView</name>
    <message>
        <source>Your tasks</source>
        <translation>Sus tareas</translation>
    </message>
    <message>
        <source>Work with the usual examiner tools: categorise with the digit keys, bookmark with the bookmark names below. Your trainer scores your tags.</source>
        <translation>Trabaje con las herramientas habituales del examinador: categorice con las teclas numéricas y marque con los nombres de marcador que aparecen abajo. Su formador califica sus etiquetas.</translation>
    </message>
    <message>
        <source>Training tasks</source>
        <translation>Tareas de formación</translation>
    </message>
    <message>
        <source>&amp;Share my exposure count with the trainer…</source>
        <translation>&amp;Compartir mi recuento de exposición con el formador…</translation>
    </message>
    <message>
        <source>Writes your clear-view counts for the days you worked on this case to a file you choose (beside the case by default). Counts only: no file names. Nothing is shared unless you do this.</source>
        <translation>Escribe sus recuentos de vistas sin difuminar de los días en que trabajó en este caso en un archivo que usted elija (junto al caso, de forma predeterminada). Solo recuentos: ningún nombre de archivo. No se comparte nada a menos que lo haga usted.</translation>
    </message>
    <message>
        <source>The tasks of a training case are shown here in a trainee&apos;s session.</source>
        <translation>Las tareas de un caso de formación se muestran aquí en la sesión de un alumno.</translation>
    </message>
    <message>
        <source>Looking for the tasks…</source>
        <translation>Buscando las tareas…</translation>
    </message>
    <message>
        <source>No tasks for this case: ask your trainer for the tasks sheet (tasks.json) and put it beside the case file.</source>
        <translation>No hay tareas para este caso: pida a su formador la hoja de tareas (tasks.json) y colóquela junto al archivo del caso.</translation>
    </message>
    <message>
        <source>{description}
Bookmark name: {name}</source>
        <translation>{description}
Nombre del marcador: {name}</translation>
    </message>
    <message>
        <source>The tasks could not be read: {reason}</source>
        <translation>No se pudieron leer las tareas: {reason}</translation>
    </message>
    <message>
        <source>Share your exposure count</source>
        <translation>Compartir su recuento de exposición</translation>
    </message>
    <message>
        <source>Exposure share (*.exposure.json);;All files (*)</source>
        <translation>Recuento de exposición compartido (*.exposure.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Sharing…</source>
        <translation>Compartiendo…</translation>
    </message>
    <message>
        <source>Shared {views} clear view(s) over {days} day(s) in {path}.</source>
        <translation>Compartido en {path}: {views} vista(s) sin difuminar en {days} día(s).</translation>
    </message>
    <message>
        <source>Not shared: {reason}</source>
        <translation>No se compartió: {reason}</translation>
    </message>
</context>
<context>
    <name>TrainingCaseDialog</name>
    <message>
        <source>Open the training case</source>
        <translation>Abrir el caso de formación</translation>
    </message>
    <message>
        <source>Builds the bundled training evidence (harmless made-up files: documents, pictures, chats, deleted files) into the folder you choose, processes it into a new case with every installed stage, and opens it. It takes a minute or two.</source>
        <translation>Genera las evidencias de formación incluidas (archivos inventados e inofensivos: documentos, imágenes, chats, archivos borrados) en la carpeta que elija, las procesa en un caso nuevo con todas las etapas instaladas y lo abre. Tarda uno o dos minutos.</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;Carpeta</translation>
    </message>
    <message>
        <source>The same seed builds the same evidence and answer key: give each class, or each exercise, its own.</source>
        <translation>La misma semilla genera las mismas evidencias y el mismo solucionario: asigne una propia a cada clase o a cada ejercicio.</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>&amp;Semilla</translation>
    </message>
    <message>
        <source>Case passphrase: {case}   Signing key of “{who}”: {key}
A training case only: never put real evidence in it.</source>
        <translation>Frase de paso del caso: {case}   Clave de firma de «{who}»: {key}
Solo para formación: nunca ponga evidencias reales en él.</translation>
    </message>
    <message>
        <source>&amp;Build and open</source>
        <translation>&amp;Generar y abrir</translation>
    </message>
    <message>
        <source>Folder for the training case</source>
        <translation>Carpeta para el caso de formación</translation>
    </message>
    <message>
        <source>Choose a folder for the training case.</source>
        <translation>Elija una carpeta para el caso de formación.</translation>
    </message>
    <message>
        <source>{path} is a file, not a folder.</source>
        <translation>{path} es un archivo, no una carpeta.</translation>
    </message>
    <message>
        <source>{path} holds other files: choose a new or empty folder (a training case built there before is rebuilt).</source>
        <translation>{path} contiene otros archivos: elija una carpeta nueva o vacía (un caso de formación generado allí antes se vuelve a generar).</translation>
    </message>
    <message>
        <source>opening the training case</source>
        <translation>abriendo el caso de formación</translation>
    </message>
    <message>
        <source>Stopping after the current step…</source>
        <translation>Deteniendo tras el paso actual…</translation>
    </message>
    <message>
        <source>Stopped before the end: the case was not opened (what was done is kept in {path}).</source>
        <translation>Detenido antes del final: el caso no se abrió (lo hecho se conserva en {path}).</translation>
    </message>
    <message>
        <source>Building the training evidence…</source>
        <translation>Generando las evidencias de formación…</translation>
    </message>
</context>
<context>
    <name>TriageQueueModel</name>
    <message>
        <source>Item</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Puntuación</translation>
    </message>
    <message>
        <source>Suggests</source>
        <translation>Sugiere</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>not triaged: %1</source>
        <translation>sin clasificar: %1</translation>
    </message>
    <message>
        <source>hash set</source>
        <translation>conjunto de hash</translation>
    </message>
    <message>
        <source>triage</source>
        <translation>triaje</translation>
    </message>
    <message>
        <source>%1 (writing…)</source>
        <translation>%1 (guardando…)</translation>
    </message>
    <message>
        <source>%1 not written</source>
        <translation>%1 no guardado</translation>
    </message>
    <message>
        <source>✔ %1</source>
        <translation>✔ %1</translation>
    </message>
</context>
<context>
    <name>TriageQueueView</name>
    <message>
        <source>Triage queue</source>
        <translation>Cola de triaje</translation>
    </message>
    <message>
        <source>A or Return: accept the suggestion · 0–5: CAT-0…CAT-5 · ↑/↓: move · the picture is not shown here</source>
        <translation>A o Return: aceptar la sugerencia · 0–5: CAT-0…CAT-5 · ↑/↓: moverse · aquí no se muestra la imagen</translation>
    </message>
    <message>
        <source>Not written: %1</source>
        <translation>No se guardó: %1</translation>
    </message>
    <message>
        <source>This case is open read-only (or for review): decisions cannot be recorded</source>
        <translation>Este caso está abierto en solo lectura (o para revisión): no se pueden registrar decisiones</translation>
    </message>
    <message>
        <source>The queue is empty</source>
        <translation>La cola está vacía</translation>
    </message>
    <message>
        <source>The item&apos;s review is still being read</source>
        <translation>La revisión del elemento aún se está leyendo</translation>
    </message>
    <message>
        <source>No suggestion for this item: press 0–5 to categorise it</source>
        <translation>No hay sugerencia para este elemento: pulse 0–5 para categorizarlo</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>Writing: %1 on %2…</source>
        <translation>Guardando: %1 en %2…</translation>
    </message>
    <message>
        <source>Accept the suggestion</source>
        <translation>Aceptar la sugerencia</translation>
    </message>
    <message>
        <source>Accept the suggestion (Return)</source>
        <translation>Aceptar la sugerencia (Return)</translation>
    </message>
    <message>
        <source>Next item in the queue</source>
        <translation>Elemento siguiente de la cola</translation>
    </message>
    <message>
        <source>Previous item in the queue</source>
        <translation>Elemento anterior de la cola</translation>
    </message>
    <message>
        <source>Decide %1</source>
        <translation>Decidir %1</translation>
    </message>
    <message>
        <source>Every item in the queue is decided</source>
        <translation>Todos los elementos de la cola están decididos</translation>
    </message>
    <message>
        <source>The queue is empty: nothing left to decide</source>
        <translation>La cola está vacía: no queda nada por decidir</translation>
    </message>
    <message>
        <source>Reading the queue…</source>
        <translation>Leyendo la cola…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Leyendo…</translation>
    </message>
    <message>
        <source>%1 from image triage</source>
        <translation>%1 según el triaje de imágenes</translation>
    </message>
    <message>
        <source>%1 from the hash sets (%2)</source>
        <translation>%1 según los conjuntos de hash (%2)</translation>
    </message>
    <message>
        <source>exact match</source>
        <translation>coincidencia exacta</translation>
    </message>
    <message>
        <source>from a hash set</source>
        <translation>de un conjunto de hash</translation>
    </message>
    <message>
        <source>no suggestion</source>
        <translation>sin sugerencia</translation>
    </message>
    <message>
        <source>perceptual match only: looks like, not is</source>
        <translation>solo coincidencia perceptual: se parece, no es lo mismo</translation>
    </message>
    <message>
        <source>suggestion accepted</source>
        <translation>sugerencia aceptada</translation>
    </message>
    <message>
        <source>suggestion overridden</source>
        <translation>sugerencia descartada</translation>
    </message>
    <message>
        <source>the examiner&apos;s own</source>
        <translation>decisión propia del examinador</translation>
    </message>
</context>
<context>
    <name>ViewerTabs</name>
    <message>
        <source>&amp;Preview</source>
        <translation>Vista &amp;previa</translation>
    </message>
    <message>
        <source>&amp;Text</source>
        <translation>&amp;Texto</translation>
    </message>
    <message>
        <source>He&amp;x</source>
        <translation>He&amp;x</translation>
    </message>
    <message>
        <source>&amp;Metadata</source>
        <translation>&amp;Metadatos</translation>
    </message>
    <message>
        <source>&amp;Entities</source>
        <translation>&amp;Entidades</translation>
    </message>
    <message>
        <source>Matc&amp;hes</source>
        <translation>&amp;Coincidencias</translation>
    </message>
    <message>
        <source>E-ma&amp;il</source>
        <translation>C&amp;orreo</translation>
    </message>
    <message>
        <source>&amp;Database</source>
        <translation>&amp;Base de datos</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>Compr&amp;imido</translation>
    </message>
    <message>
        <source>Pa&amp;ges</source>
        <translation>Pá&amp;ginas</translation>
    </message>
    <message>
        <source>D&amp;ocument</source>
        <translation>&amp;Documento</translation>
    </message>
    <message>
        <source>No item selected</source>
        <translation>Ningún elemento seleccionado</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Viewers</source>
        <translation>Visores</translation>
    </message>
    <message>
        <source>Reveal or obscure pictures</source>
        <translation>Mostrar u ocultar las imágenes</translation>
    </message>
    <message>
        <source>The item could not be shown: {0}</source>
        <translation>No se pudo mostrar el elemento: {0}</translation>
    </message>
</context>
<context>
    <name>WhyPanel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Señal</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Umbral</translation>
    </message>
    <message>
        <source>Crossed</source>
        <translation>Superado</translation>
    </message>
    <message>
        <source>Hash set</source>
        <translation>Conjunto de hash</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>Hash</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Coincidencia</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Rostro</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Género</translation>
    </message>
    <message>
        <source>Age p10</source>
        <translation>Edad p10</translation>
    </message>
    <message>
        <source>Median</source>
        <translation>Mediana</translation>
    </message>
    <message>
        <source>p90</source>
        <translation>p90</translation>
    </message>
    <message>
        <source>P(under 18)</source>
        <translation>P(menor de 18)</translation>
    </message>
    <message>
        <source>Signals (each against its threshold)</source>
        <translation>Señales (cada una frente a su umbral)</translation>
    </message>
    <message>
        <source>Triage reasons</source>
        <translation>Motivos del triaje</translation>
    </message>
    <message>
        <source>Hash-set hits</source>
        <translation>Coincidencias de conjuntos de hash</translation>
    </message>
    <message>
        <source>Faces and estimated ages</source>
        <translation>Rostros y edades estimadas</translation>
    </message>
    <message>
        <source>Context labels</source>
        <translation>Etiquetas de contexto</translation>
    </message>
    <message>
        <source>flagged (a pertinent hash-set category, or a triage score over the flag line)</source>
        <translation>señalado (una categoría pertinente de un conjunto de hash, o una puntuación de triaje por encima del umbral de señalamiento)</translation>
    </message>
    <message>
        <source>Suggests: %1</source>
        <translation>Sugiere: %1</translation>
    </message>
    <message>
        <source>Image triage: score %1, suggests %2</source>
        <translation>Triaje de imágenes: puntuación %1, sugiere %2</translation>
    </message>
    <message>
        <source>Not analysed by image triage</source>
        <translation>Sin analizar por el triaje de imágenes</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>being written</source>
        <translation>guardándose</translation>
    </message>
    <message>
        <source>decided</source>
        <translation>decidido</translation>
    </message>
    <message>
        <source>NOT written</source>
        <translation>NO guardado</translation>
    </message>
    <message>
        <source>Your decision: %1 (%2)</source>
        <translation>Su decisión: %1 (%2)</translation>
    </message>
    <message>
        <source>Already categorised: %1</source>
        <translation>Ya categorizado: %1</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Detector</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Contexto</translation>
    </message>
    <message>
        <source>distance %1</source>
        <translation>distancia %1</translation>
    </message>
    <message>
        <source>✔ YES, crossed</source>
        <translation>✔ SÍ, superado</translation>
    </message>
    <message>
        <source>✔ YES, matched</source>
        <translation>✔ SÍ, coincide</translation>
    </message>
    <message>
        <source>— not compared</source>
        <translation>— no comparado</translation>
    </message>
    <message>
        <source>✘ no, below</source>
        <translation>✘ no, por debajo</translation>
    </message>
    <message>
        <source>no signal</source>
        <translation>sin señales</translation>
    </message>
    <message>
        <source>No hash-set match</source>
        <translation>Sin coincidencias en conjuntos de hash</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>exacta</translation>
    </message>
    <message>
        <source>perceptual, distance %1</source>
        <translation>perceptual, distancia %1</translation>
    </message>
    <message>
        <source>known good</source>
        <translation>conocido benigno</translation>
    </message>
    <message>
        <source>The hash sets disagree (%1): you decide</source>
        <translation>Los conjuntos de hash discrepan (%1): decide usted</translation>
    </message>
    <message>
        <source>exact matches</source>
        <translation>coincidencias exactas</translation>
    </message>
    <message>
        <source>perceptual matches only</source>
        <translation>solo coincidencias perceptuales</translation>
    </message>
    <message>
        <source>The hash sets give %1 (%2)</source>
        <translation>Los conjuntos de hash indican %1 (%2)</translation>
    </message>
    <message>
        <source>no face found</source>
        <translation>no se encontró ningún rostro</translation>
    </message>
    <message>
        <source>not analysed</source>
        <translation>sin analizar</translation>
    </message>
    <message>
        <source>Face %1</source>
        <translation>Rostro %1</translation>
    </message>
    <message>
        <source>(frame %1)</source>
        <translation>(fotograma %1)</translation>
    </message>
</context>
</TS>
